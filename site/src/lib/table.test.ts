import { describe, expect, it } from 'vitest';
import { csvName, numericValue, sortRows, toCsv } from './table.ts';

describe('numericValue', () => {
  it('reads numbers, lap times and gaps', () => {
    expect(numericValue(3)).toBe(3);
    expect(numericValue('12')).toBe(12);
    expect(numericValue('1:36.512')).toBeCloseTo(96.512);
    expect(numericValue('+12.345')).toBeCloseTo(12.345);
    expect(numericValue('DNF')).toBeNull();
    expect(numericValue(null)).toBeNull();
  });
});

describe('sortRows', () => {
  const rows = [
    ['10', 'Sainz', '+1:02.1'],
    ['2', 'Alonso', '+27.921'],
    ['1', 'Verstappen', '1:48:51.980'],
    [null, 'Stroll', 'DNF'],
  ];
  it('sorts number-like text numerically, with empty cells last both ways', () => {
    expect(sortRows(rows, 0, 'asc').map((r) => r[1])).toEqual(['Verstappen', 'Alonso', 'Sainz', 'Stroll']);
    expect(sortRows(rows, 0, 'desc').map((r) => r[1])).toEqual(['Sainz', 'Alonso', 'Verstappen', 'Stroll']);
  });
  it('sorts text case-insensitively and puts numbers before text', () => {
    expect(sortRows(rows, 1, 'desc').map((r) => r[1])).toEqual(['Verstappen', 'Stroll', 'Sainz', 'Alonso']);
    expect(sortRows(rows, 2, 'asc').map((r) => r[1])).toEqual(['Alonso', 'Sainz', 'Verstappen', 'Stroll']);
  });
});

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    const csv = toCsv(
      ['Driver', 'Note'],
      [
        ['Pérez, S', '=1+1'],
        ['Say "hi"', -3],
        ['x', null],
      ],
    );
    expect(csv).toBe(`Driver,Note\r\n"Pérez, S",'=1+1\r\n"Say ""hi""",-3\r\nx,\r\n`);
  });
  it('names the file after the table', () => {
    expect(csvName('Race result — São Paulo 2024')).toBe('race-result-sao-paulo-2024.csv');
  });
});
