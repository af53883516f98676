import { describe, expect, it } from 'vitest';
import { submissionKeys } from './submission-keys.ts';

describe('submission keys', () => {
  let n = 0;
  const keys = () => submissionKeys(() => `key-${++n}`);

  it('gives a double click and a retry after a network or server error the same key', () => {
    const k = keys();
    const first = k.keyFor('POST /api/analyze {"query":"who won monaco 2024"}');
    expect(k.keyFor('POST /api/analyze {"query":"who won monaco 2024"}')).toBe(first);
    k.settle('POST /api/analyze {"query":"who won monaco 2024"}', 0);
    expect(k.keyFor('POST /api/analyze {"query":"who won monaco 2024"}')).toBe(first);
    k.settle('POST /api/analyze {"query":"who won monaco 2024"}', 503);
    expect(k.keyFor('POST /api/analyze {"query":"who won monaco 2024"}')).toBe(first);
  });

  it('starts a new submission once the API has answered, and for a different request', () => {
    const k = keys();
    const first = k.keyFor('a');
    expect(k.keyFor('b')).not.toBe(first);
    k.settle('a', 202);
    expect(k.keyFor('a')).not.toBe(first);
    const refused = k.keyFor('c');
    k.settle('c', 429);
    expect(k.keyFor('c')).not.toBe(refused);
  });
});
