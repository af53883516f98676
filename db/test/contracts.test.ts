import { describe, expect, it } from 'vitest';
import { AnalyzeRequestSchema, CredentialsSchema, ResultSchema } from '../src/contracts/index.ts';

describe('contracts', () => {
  it('trims questions and strips control characters', () => {
    const parsed = AnalyzeRequestSchema.parse({ query: '  Who won\u0000 Monaco?\u0007 ' });
    expect(parsed.query).toBe('Who won  Monaco?');
  });

  it('rejects empty and oversized questions', () => {
    expect(AnalyzeRequestSchema.safeParse({ query: '  \u0001 ' }).success).toBe(false);
    expect(AnalyzeRequestSchema.safeParse({ query: 'x'.repeat(501) }).success).toBe(false);
  });

  it('holds usernames to the documented alphabet and passwords to ten characters', () => {
    expect(CredentialsSchema.safeParse({ username: 'max_33', password: '0123456789' }).success).toBe(true);
    expect(CredentialsSchema.safeParse({ username: 'Max', password: '0123456789' }).success).toBe(false);
    expect(CredentialsSchema.safeParse({ username: 'max', password: 'short' }).success).toBe(false);
  });

  it('rejects a chart whose id could steer a file path', () => {
    const result = {
      answer: '',
      facts: [],
      tables: [],
      sources: [],
      quality: [],
      model: { assistant: 'builtin', model: 'm', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
      charts: [
        {
          id: '../etc',
          kind: 'bar',
          title: 't',
          spec: {
            mark: 'bar',
            x: { field: 'a', label: 'a', type: 'nominal' },
            y: { field: 'b', label: 'b', type: 'quantitative' },
            data: [],
          },
          files: {},
        },
      ],
    };
    expect(ResultSchema.safeParse(result).success).toBe(false);
  });
});
