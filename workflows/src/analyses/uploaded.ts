import type { Fact, Source, Table } from '@pitwall/db/contracts';
import { teamColour } from '@pitwall/db/contracts';
import type { RaceRow, ResultRow } from '@pitwall/db/queries/warehouse';
import type { UploadedLap, UploadedResult } from '../uploads/parse.ts';
import { lapTimes } from './lap-times.ts';
import { raceClassification } from './race-classification.ts';
import { racePace } from './race-pace.ts';
import type { AnalysisOutput, DriverInfo, LapInput, RaceInfo } from './types.ts';

/**
 * The built-in analyses over a user's uploaded table instead of the warehouse: race pace and lap times
 * over a laps table, the classification over a results table. The same pure analyses run; only their
 * inputs are built from the upload, and their sources name the upload. Pure: no I/O.
 */

export type UploadRef = { id: string; name: string; type: 'laps' | 'results' };

/** Colours for uploaded drivers without a known team: distinct and readable on the site's background. */
const PALETTE = ['#3671C6', '#E8002D', '#27F4D2', '#FF8000', '#229971', '#FF87BC', '#64C4FF', '#B6BABD'];

export function uploadSource(upload: UploadRef, rows: number): Source {
  return {
    name: `Your upload “${upload.name}”`,
    detail: `${upload.type} table ${upload.id}, ${rows} rows, as uploaded (not checked against the warehouse)`,
    license: 'provided by the user',
  };
}

const refOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

/** VER stays VER; "Max Verstappen" becomes VER; "max_verstappen" becomes VER. */
export function codeOf(driver: string): string {
  const trimmed = driver.trim();
  if (/^[A-Za-z]{2,4}$/.test(trimmed)) return trimmed.toUpperCase();
  const words = trimmed.split(/[\s_]+/).filter(Boolean);
  return (words.at(-1) ?? trimmed).slice(0, 3).toUpperCase();
}

/** One DriverInfo per distinct driver in file order, named as the upload names them. */
function driversOf(rows: { driver: string; team: string | null }[]): DriverInfo[] {
  const seen = new Map<string, DriverInfo>();
  for (const row of rows) {
    const ref = refOf(row.driver);
    if (seen.has(ref)) continue;
    const teamRef = row.team ? refOf(row.team) : 'uploaded';
    const known = teamColour(teamRef);
    seen.set(ref, {
      ref,
      code: codeOf(row.driver),
      name: row.driver,
      teamRef,
      teamName: row.team ?? row.driver,
      colour: row.team && known !== teamColour('') ? known : (PALETTE[seen.size % PALETTE.length] as string),
    });
  }
  return [...seen.values()];
}

const retitle = (output: AnalysisOutput, label: string, source: Source): AnalysisOutput => ({
  ...output,
  charts: output.charts.map((c) => ({ ...c, title: `${c.title.replace(/ — .*$/, '')} — ${label}` })),
  sources: [source],
});

/**
 * Race pace (clean laps, see cleanLaps) or lap times over an uploaded laps table. `focus` holds the
 * upload's own driver names to show; empty means every driver for pace and the first three for lap times.
 * Lap 1, laps flagged as pit in/out or neutralised (when the table has those columns) and laps slower than
 * 107 % of the driver's median are left out of pace, as for warehouse data.
 */
export function uploadedLapsAnalysis(input: {
  intent: 'race_pace' | 'lap_times';
  upload: UploadRef;
  label: string;
  season: number;
  laps: UploadedLap[];
  focus: string[];
  fuelCorrected?: boolean;
}): AnalysisOutput {
  const all = driversOf(input.laps);
  const wanted = new Set(input.focus.map(refOf));
  const chosen = wanted.size > 0 ? all.filter((d) => wanted.has(d.ref)) : all;
  const limited =
    input.intent === 'lap_times' && wanted.size === 0 ? chosen.slice(0, 3) : chosen.slice(0, 30);
  const laps: LapInput[] = input.laps.map((l) => ({
    driver: refOf(l.driver),
    lap: l.lap,
    position: l.position,
    timeMs: l.timeMs,
    compound: l.compound,
    tyreLife: l.tyreLife,
    stint: l.stint,
    trackStatus: l.trackStatus,
    pitIn: l.pitIn,
    pitOut: l.pitOut,
    isAccurate: null,
  }));
  const race: RaceInfo = { season: input.season, round: 0, name: input.label, laps: null };
  const output =
    input.intent === 'race_pace'
      ? racePace({ race, drivers: limited, laps, fuelCorrected: input.fuelCorrected ?? false })
      : lapTimes({ race, drivers: limited, laps });
  const quality = [...output.quality];
  if (limited.length < chosen.length) {
    quality.push({
      code: 'drivers_limited',
      message: `The upload has ${chosen.length} drivers; ${limited.length} are shown. Name drivers in the question to pick others.`,
    });
  }
  const hasFlags = input.laps.some((l) => l.pitIn !== null || l.pitOut !== null || l.trackStatus !== null);
  if (!hasFlags) {
    quality.push({
      code: 'no_lap_flags',
      message:
        'The upload has no pit or track-status columns, so in/out laps and safety-car laps are only left out when they are slower than 107 % of the driver’s median.',
    });
  }
  return {
    ...retitle(output, input.label, uploadSource(input.upload, input.laps.length)),
    quality,
  };
}

/** The classification (winner, podium, margins, full order) of an uploaded results table. */
export function uploadedClassification(input: {
  upload: UploadRef;
  label: string;
  season: number;
  results: UploadedResult[];
}): AnalysisOutput {
  const race: RaceRow = {
    id: 0,
    season: input.season,
    round: 0,
    name: input.label,
    date: '',
    circuitName: '',
    circuitRef: '',
    location: null,
    country: null,
  };
  const rows: ResultRow[] = input.results.map((r) => ({
    positionOrder: r.positionOrder,
    position: r.position,
    positionText: r.positionText,
    grid: r.grid ?? 0,
    points: r.points,
    laps: r.laps ?? 0,
    timeMs: r.timeMs,
    status: r.status ?? (r.position === null ? r.positionText : 'Finished'),
    fastestLapRank: null,
    fastestLapTimeMs: null,
    driverRef: refOf(r.driver),
    driverCode: codeOf(r.driver),
    // The classification prints "forename surname"; an uploaded name is used whole.
    forename: r.driver,
    surname: '',
    constructorRef: r.team ? refOf(r.team) : 'uploaded',
    constructorName: r.team ?? '—',
  }));
  const output = raceClassification(race, rows);
  const trim = <T>(v: T) => (typeof v === 'string' ? (v.trim() as T) : v);
  // Season and round describe the warehouse's race; an upload has neither.
  const facts: Fact[] = output.facts
    .filter((f) => f.label !== 'season' && f.label !== 'round')
    .map((f) => ({ ...f, value: trim(f.value) }));
  const tables: Table[] = output.tables.map((t) => ({ ...t, rows: t.rows.map((row) => row.map(trim)) }));
  const charts = output.charts.map((c) => ({
    ...c,
    spec: { ...c.spec, data: c.spec.data.map((d) => ({ ...d, name: trim(d.name ?? null) })) },
  }));
  return retitle(
    { ...output, facts, tables, charts },
    input.label,
    uploadSource(input.upload, input.results.length),
  );
}
