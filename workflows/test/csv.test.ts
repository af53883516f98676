import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRows, parseDuration } from '../src/loaders/csv.ts';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and newlines', () => {
    const text = 'id,name,note\r\n1,"Hülkenberg, Nico","said ""hi""\nthen left"\r\n2,Plain,\n';
    expect(parseCsv(text)).toEqual([
      { id: '1', name: 'Hülkenberg, Nico', note: 'said "hi"\nthen left' },
      { id: '2', name: 'Plain', note: '' },
    ]);
  });

  it('skips a byte-order mark and blank lines, and leaves short rows short', () => {
    expect(parseCsv('\ufeffa,b,c\n\n1,2\n')).toEqual([{ a: '1', b: '2' }]);
  });

  it('keeps empty cells at the end of a line and of the file', () => {
    expect(parseCsvRows('a,\n,b,')).toEqual([
      ['a', ''],
      ['', 'b', ''],
    ]);
  });
});

describe('parseDuration', () => {
  it('reads lap, race and stop times as ms', () => {
    expect(parseDuration('1:27.452')).toBe(87_452);
    expect(parseDuration('1:31:30.616')).toBe(5_490_616);
    expect(parseDuration('23.5')).toBe(23_500);
    expect(parseDuration('\\N')).toBeNull();
  });
});
