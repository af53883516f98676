import type { QuerySession } from '@pitwall/db/contracts';
import type { Warehouse } from '../warehouse.ts';
import type { Metric, Observation } from './metric.ts';
import { type ResultObservation, resultRows } from './reads.ts';

/**
 * What the metrics read from race and sprint classifications share: the sessions, the Grand Prix when a
 * question names none, and that one race's answer shows the whole classification.
 */
export const CLASSIFIED = {
  classification: true,
  sessions: ['race', 'sprint'],
  defaultSession: 'race',
} as const satisfies Partial<Metric>;

/** A row's value and words, or `undefined` to leave the row out (a finishing position of a retirement). */
type Reading = (
  row: ResultObservation,
) => { value: number; detail?: string | undefined } | number | undefined;

/**
 * Observes a metric over the Grand Prix (or sprint) classifications in scope: each row becomes an
 * observation with the value `read` gives it.
 */
export function fromClassification(read: Reading) {
  return async (db: Warehouse, query: Parameters<Metric['observe']>[1], session: QuerySession | undefined) =>
    (await resultRows(db, query, [session === 'sprint' ? 'sprint' : 'race'])).flatMap(
      (row): Observation[] => {
        const reading = read(row);
        if (reading === undefined) return [];
        return [typeof reading === 'number' ? { ...row, value: reading } : { ...row, ...reading }];
      },
    );
}
