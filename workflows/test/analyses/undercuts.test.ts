import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRace } from '@pitwall/db/queries/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raceInputs } from '../../src/activities/inputs.ts';
import { type PitSwap, pitSwaps } from '../../src/analyses/pit-swaps.ts';
import { undercuts } from '../../src/analyses/undercuts.ts';
import { warehouseConfig } from '../../src/config.ts';
import { importErgast } from '../../src/loaders/ergast-csv.ts';
import { importTiming } from '../../src/loaders/laps.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse.ts';
import { expectValidOutput, fact } from './fixtures.ts';

/**
 * Undercuts and overcuts on real races: the staged Ergast dump and FastF1 laps imported into a fresh
 * warehouse. Every figure below was read by hand from fastf1_laps/grand_prix/transformed_grand_prix_laps_2024.csv
 * (columns Time = session clock at the lap's end, Driver, LapNumber, PitInTime, TrackStatus, Position,
 * RoundNumber) and ergast/pit_stops.csv (raceId, driverId, stop, lap); gaps are differences of Time.
 */
const dir = mkdtempSync(join(tmpdir(), 'pitwall-undercuts-'));
const f1data = warehouseConfig({}).PITWALL_F1DATA;
let db: Warehouse;
let close: () => void;

beforeAll(async () => {
  ({ db, close } = await openWarehouse(`file:${join(dir, 'wh.db')}`));
  await importErgast(db, join(f1data, 'ergast'));
  await importTiming(db, f1data);
}, 240_000);
afterAll(() => {
  close?.();
  rmSync(dir, { recursive: true, force: true });
});

async function race(round: number) {
  const row = await findRace(db, 2024, round);
  if (!row) throw new Error(`no 2024 round ${round}`);
  return raceInputs(db, row);
}
const find = (swaps: PitSwap[], attacker: string, defender: string, lap: number) =>
  swaps.find((s) => s.attacker === attacker && s.defender === defender && s.firstStopLap === lap);
const gap = (at: PitSwap['before'] | null | undefined) =>
  at ? Math.round(at.defender.clockMs - at.attacker.clockMs) / 1000 : undefined;

describe('undercuts at the 2024 Hungarian GP (round 13, raceId 1133)', () => {
  it("Norris's second-stop undercut on Piastri worked", async () => {
    const input = await race(13);
    const swaps = pitSwaps({ laps: input.laps, pitStops: input.pitStops });
    const swap = find(swaps, 'norris', 'piastri', 45);
    // pit_stops 1133,846,2,45 (Norris) and 1133,857,2,47 (Piastri).
    // Lap 44: PIA P1 at 01:56:59.068, NOR P2 at 01:57:01.119 → Norris 2.051 s behind.
    // Lap 48 (Piastri's out-lap): NOR P2 at 02:02:51.642, PIA P3 at 02:02:55.019 → Norris 3.377 s ahead.
    expect(swap).toMatchObject({
      kind: 'undercut',
      firstStopper: 'norris',
      replyLap: 47,
      beforeLap: 44,
      afterLap: 48,
      outcome: 'worked',
      before: { attacker: { position: 2 }, defender: { position: 1 } },
      after: { attacker: { position: 2 }, defender: { position: 3 } },
    });
    expect(gap(swap?.before)).toBe(-2.051);
    expect(gap(swap?.after)).toBe(3.377);
  });

  it("Norris's first-stop undercut on Piastri did not work, and counts only when both are named", async () => {
    const input = await race(13);
    // Lap 16: PIA P1 01:17:33.686, NOR P2 01:17:37.188 → 3.502 s, over the 3 s within which cars race for
    // the place: not an attempt of the race's own.
    expect(find(pitSwaps({ laps: input.laps, pitStops: input.pitStops }), 'norris', 'piastri', 17)).toBe(
      undefined,
    );
    const named = pitSwaps({ laps: input.laps, pitStops: input.pitStops, pair: ['norris', 'piastri'] });
    const swap = find(named, 'norris', 'piastri', 17);
    // pit_stops 1133,846,1,17 and 1133,857,1,18. Lap 19: PIA P4 01:22:06.909, NOR P5 01:22:09.259 → 2.350 s behind.
    expect(swap).toMatchObject({
      kind: 'undercut',
      replyLap: 18,
      afterLap: 19,
      outcome: 'failed',
      namedOnly: true,
      after: { attacker: { position: 5 }, defender: { position: 4 } },
    });
    expect(gap(swap?.before)).toBe(-3.502);
    expect(gap(swap?.after)).toBe(-2.35);
  });

  it("Hamilton's undercut on Verstappen worked; Verstappen's overcut on Hamilton did not", async () => {
    const input = await race(13);
    const swaps = pitSwaps({ laps: input.laps, pitStops: input.pitStops });
    // pit_stops: Hamilton (driverId 1) laps 16 and 40, Verstappen (830) laps 21 and 49.
    // Lap 15: VER P3 01:16:16.449, HAM P4 01:16:17.601 → 1.152 s; lap 22: HAM P4 01:26:21.696, VER P5
    // 01:26:28.447 → Hamilton 6.751 s ahead.
    const under = find(swaps, 'hamilton', 'max_verstappen', 16);
    expect(under).toMatchObject({ kind: 'undercut', replyLap: 21, outcome: 'worked' });
    expect(gap(under?.before)).toBe(-1.152);
    expect(gap(under?.after)).toBe(6.751);
    // Lap 39: HAM P3 01:50:09.173, VER P4 01:50:09.829 → 0.656 s; Verstappen stays out to lap 49; lap 50:
    // HAM P3 02:05:44.318, VER P5 02:05:50.626 → Verstappen 6.308 s behind.
    const over = find(swaps, 'max_verstappen', 'hamilton', 40);
    expect(over).toMatchObject({
      kind: 'overcut',
      firstStopper: 'hamilton',
      replyLap: 49,
      outcome: 'failed',
    });
    expect(over?.after).toMatchObject({ attacker: { position: 5 }, defender: { position: 3 } });
    expect(gap(over?.before)).toBe(-0.656);
    expect(gap(over?.after)).toBe(-6.308);
  });

  it('gives no verdict when a car retires before both have stopped', async () => {
    const input = await race(13);
    const swaps = pitSwaps({ laps: input.laps, pitStops: input.pitStops });
    // Lap 27: GAS P10 01:33:56.409, ALO P11 01:33:56.951 (0.542 s). Gasly stops on lap 28 (1133,842,1,28),
    // Alonso on lap 37 (1133,4,2,37); Gasly's laps end on lap 33, when he came into the pits and retired.
    const swap = find(swaps, 'alonso', 'gasly', 28);
    expect(swap).toMatchObject({
      kind: 'overcut',
      replyLap: 37,
      outcome: 'retired',
      retired: 'gasly',
      after: null,
    });
    expect(gap(swap?.before)).toBe(-0.542);
  });

  it('answers with facts, a table and the charts', async () => {
    const input = await race(13);
    const out = undercuts({
      race: input.race,
      drivers: input.drivers,
      laps: input.laps,
      pitStops: input.pitStops,
      focus: ['norris'],
    });
    expectValidOutput(out);
    expect(fact(out, 'NOR undercut on PIA (lap 45) outcome')).toBe('worked');
    expect(fact(out, 'NOR undercut on PIA (lap 45) gap before')).toBe(2.051);
    expect(fact(out, 'NOR undercut on PIA (lap 45) gap after')).toBe(3.377);
    expect(fact(out, 'NOR undercut on PIA (lap 45) rival position after')).toBe(3);
    expect(fact(out, 'NOR undercut on PIA (lap 45) reply lap')).toBe(47);
    // The named driver's attempt leads the table; 2.051 + 3.377 = 5.428 s gained.
    expect(out.tables[0]?.rows[0]).toEqual([
      'undercut',
      'NOR',
      'PIA',
      45,
      47,
      'P2 vs P1, −2.051',
      'P2 vs P3, +3.377',
      5.428,
      'worked',
    ]);
    expect(out.charts.map((c) => c.id)).toEqual(['undercut-attempts', 'undercut-gap-trace']);
    const trace = out.charts[1]?.spec.data.filter((r) => r.attempt === 'NOR undercut on PIA (lap 45)');
    // From two laps before lap 44 to two after lap 48.
    expect(trace?.map((r) => r.lap)).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50]);
    expect(trace?.find((r) => r.lap === 48)?.lead).toBe(3.377);
  });
});

describe('undercuts at the 2024 Chinese GP (round 5, raceId 1125)', () => {
  it('gives no verdict when the reply came under the virtual safety car', async () => {
    const input = await race(5);
    const out = undercuts({
      race: input.race,
      drivers: input.drivers,
      laps: input.laps,
      pitStops: input.pitStops,
      focus: ['russell'],
    });
    const swap = find(pitSwaps({ laps: input.laps, pitStops: input.pitStops }), 'russell', 'leclerc', 11);
    // Lap 10: LEC P6 01:12:25.415, RUS P7 01:12:27.812 → 2.397 s. Russell stops on lap 11 (1125,847,1,11),
    // Leclerc on lap 21 (1125,844,1,21), a lap whose TrackStatus is 26 (yellow, then VSC). Lap 22: LEC P5
    // 01:33:48.292, RUS P6 01:33:50.991: Russell 2.699 s behind, but against a cheap stop.
    expect(swap).toMatchObject({
      outcome: 'neutralised',
      neutralisedStop: { driver: 'leclerc', kind: 'vsc' },
      after: { attacker: { position: 6 }, defender: { position: 5 } },
    });
    expect(gap(swap?.before)).toBe(-2.397);
    expect(gap(swap?.after)).toBe(-2.699);
    expect(fact(out, 'RUS undercut on LEC (lap 11) outcome')).toBe('stop under a neutralisation');
    expect(fact(out, 'RUS undercut on LEC (lap 11) neutralised stop')).toBe(
      'LEC under the virtual safety car',
    );
    expect(out.quality.map((q) => q.code)).toContain('neutralised_stops');
  });
});

describe('undercuts at the 2024 British GP (round 12, raceId 1132)', () => {
  it("Hamilton's undercut on Norris worked, on a switch from intermediates to slicks", async () => {
    const input = await race(12);
    const swaps = pitSwaps({ laps: input.laps, pitStops: input.pitStops });
    // pit_stops 1132,1,2,38 (Hamilton) and 1132,846,2,39 (Norris). Lap 37: NOR P1 01:57:39.337, HAM P2
    // 01:57:41.272 (1.935 s). Lap 40: HAM P1 02:02:46.199, NOR P2 02:02:48.922 (2.723 s ahead). Both in-laps
    // (HAM 38, NOR 39) ran on INTERMEDIATE, both out-laps (HAM 39, NOR 40) on SOFT.
    const swap = find(swaps, 'hamilton', 'norris', 38);
    expect(swap).toMatchObject({
      kind: 'undercut',
      replyLap: 39,
      outcome: 'worked',
      after: { attacker: { position: 1 }, defender: { position: 2 } },
      tyreSwitches: [
        { driver: 'hamilton', from: 'INTERMEDIATE', to: 'SOFT' },
        { driver: 'norris', from: 'INTERMEDIATE', to: 'SOFT' },
      ],
    });
    expect(gap(swap?.before)).toBe(-1.935);
    expect(gap(swap?.after)).toBe(2.723);
    // Both stopped on lap 27 (1132,1,1,27 and 1132,846,1,27): cars that stop together are no pair.
    expect(
      swaps.some(
        (s) => s.firstStopLap === 27 && [s.attacker, s.defender].sort().join() === 'hamilton,norris',
      ),
    ).toBe(false);
  });
});
