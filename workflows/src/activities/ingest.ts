import { seasonRaces } from '@pitwall/db/queries/warehouse';
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { Warehouse } from '../warehouse.ts';

/** What loading one race did: the parts fetched (empty when the warehouse already had everything). */
export type RaceLoadReport = { season: number; round: number; fetched: string[] };

export type IngestDeps = {
  warehouse: Warehouse;
  /** Loads what the warehouse lacks for one race from the public APIs; idempotent. */
  loadRace: (season: number, round: number) => Promise<RaceLoadReport>;
  /** The rounds of a season's calendar, from the API when the warehouse does not have them. */
  loadCalendar: (season: number) => Promise<number[]>;
};

export function createIngestActivities(deps: IngestDeps) {
  return {
    /** The season's rounds, from the warehouse calendar or else the API's. */
    async listRounds(input: { season: number }): Promise<number[]> {
      const known = await seasonRaces(deps.warehouse, input.season);
      if (known.length > 0) return known.map((r) => r.round);
      const rounds = await deps.loadCalendar(input.season);
      if (rounds.length === 0) {
        throw ApplicationFailure.nonRetryable(`there is no ${input.season} calendar`, 'NoSuchSeason');
      }
      return rounds;
    },

    async loadRace(input: { season: number; round: number }): Promise<RaceLoadReport> {
      heartbeat({ season: input.season, round: input.round });
      return deps.loadRace(input.season, input.round);
    },
  };
}

export type IngestActivities = ReturnType<typeof createIngestActivities>;
