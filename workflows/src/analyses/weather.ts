import type { ChartDraft, Fact, Source, Table } from '@pitwall/db/contracts';
import type { RaceConditions } from '@pitwall/db/queries/conditions';
import type { AnalysisOutput } from './types.ts';

/** The weather feed: OpenF1's per-lap temperatures and its /weather samples. */
export const WEATHER_SOURCE = (detail: string): Source => ({
  name: 'OpenF1',
  detail,
  license: 'CC BY-NC-SA 4.0',
});

/** First season with a weather summary (OpenF1), and first with tyre compounds per lap (FastF1). */
export const WEATHER_SINCE = 2023;
export const WET_TYRES_SINCE = 2020;

/**
 * A race is wet when it was run, at least in part, on intermediates or full wets: the teams' own verdict
 * on the track. Rain in the weather feed is reported beside it, because the feed records any shower during
 * the session window (2024 Spain and Austria have rain and no lap off slicks) and exists for 2024 rounds
 * 1–20 only.
 */
export const wasWet = (r: RaceConditions) => r.intermediateLaps + r.wetLaps > 0;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** One Grand Prix's conditions: wet or dry (from wet-weather tyre laps), rain, temperatures, humidity, wind. */
export function raceWeather(input: {
  race: RaceConditions;
  /** Laps on wet-weather tyres per driver (full names), for the table and chart. */
  wetTyreLaps: { driver: string; intermediate: number; wet: number; laps: number[] }[];
}): AnalysisOutput {
  const { race, wetTyreLaps } = input;
  const facts: Fact[] = [
    { label: 'season', value: race.season },
    { label: 'round', value: race.round },
  ];
  if (race.hasLaps) {
    facts.push({ label: 'wet race', value: wasWet(race) ? 'yes' : 'no' });
    facts.push({ label: 'laps on intermediates', value: race.intermediateLaps });
    facts.push({ label: 'laps on full wets', value: race.wetLaps });
    facts.push({ label: 'drivers on wet-weather tyres', value: race.wetTyreDrivers });
    if (race.firstWetTyreLap !== null && race.lastWetTyreLap !== null) {
      facts.push({ label: 'first lap on wet-weather tyres', value: race.firstWetTyreLap });
      facts.push({ label: 'last lap on wet-weather tyres', value: race.lastWetTyreLap });
    }
  }
  if (race.rainfall !== null) facts.push({ label: 'rain recorded', value: race.rainfall ? 'yes' : 'no' });
  facts.push(...temperatureFacts(race));

  const tables: Table[] = [
    {
      name: `Weather at the ${race.season} ${race.name}`,
      columns: ['Measure', 'Min', 'Mean', 'Max', 'Unit'],
      rows: [
        ['Track temperature', race.trackTempMin, race.trackTempMean, race.trackTempMax, '°C'],
        ['Air temperature', race.airTempMin, race.airTempMean, race.airTempMax, '°C'],
        ['Humidity', null, race.humidityMean, null, '%'],
        ['Wind speed', null, race.windSpeedMean, null, 'm/s'],
        ['Rain recorded', null, race.rainfall === null ? null : race.rainfall ? 'yes' : 'no', null, null],
      ],
    },
  ];
  const charts: ChartDraft[] = [];
  if (wetTyreLaps.length > 0) {
    tables.push({
      name: 'Laps on wet-weather tyres',
      columns: ['Driver', 'Intermediate laps', 'Full wet laps', 'Laps'],
      rows: wetTyreLaps.map((d) => [d.driver, d.intermediate, d.wet, lapRanges(d.laps)]),
    });
    charts.push({
      id: 'wet-tyre-laps',
      kind: 'bar',
      title: `Laps on wet-weather tyres — ${race.season} ${race.name}`,
      subtitle: 'Intermediates and full wets, per driver',
      spec: {
        mark: 'bar',
        orientation: 'horizontal',
        x: { field: 'laps', label: 'Laps on wet-weather tyres', type: 'quantitative', format: 'integer' },
        y: { field: 'driver', label: 'Driver', type: 'nominal' },
        tooltip: [
          { field: 'intermediate', label: 'Intermediate laps' },
          { field: 'wet', label: 'Full wet laps' },
        ],
        data: [...wetTyreLaps]
          .sort((a, b) => b.intermediate + b.wet - (a.intermediate + a.wet))
          .map((d) => ({
            driver: d.driver,
            laps: d.intermediate + d.wet,
            intermediate: d.intermediate,
            wet: d.wet,
          })),
      },
    });
  }
  const quality: AnalysisOutput['quality'] = [];
  if (!race.hasWeather) {
    quality.push({
      code: 'no_weather',
      message: `The weather feed has no temperatures for the ${race.season} ${race.name}; wet or dry is read from the tyres.`,
    });
  } else if (race.rainfall === null) {
    quality.push({
      code: 'no_rain_gauge',
      message: 'The weather feed records rain for 2024 rounds 1–20 only; wet or dry is read from the tyres.',
    });
  }
  return {
    facts,
    tables,
    charts,
    sources: [WEATHER_SOURCE(`${race.season} ${race.name}: weather summary and tyre compounds per lap`)],
    quality,
  };
}

function temperatureFacts(race: RaceConditions): Fact[] {
  const facts: Fact[] = [];
  const add = (label: string, value: number | null, unit: string) => {
    if (value !== null) facts.push({ label, value: round1(value), unit });
  };
  add('track temperature min', race.trackTempMin, '°C');
  add('track temperature mean', race.trackTempMean, '°C');
  add('track temperature max', race.trackTempMax, '°C');
  add('air temperature min', race.airTempMin, '°C');
  add('air temperature mean', race.airTempMean, '°C');
  add('air temperature max', race.airTempMax, '°C');
  add('humidity mean', race.humidityMean, '%');
  add('wind speed mean', race.windSpeedMean, 'm/s');
  return facts;
}

/** [1,2,3,7,8] → "1–3, 7–8". */
export function lapRanges(laps: number[]): string {
  const sorted = [...new Set(laps)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = sorted[0];
  for (let i = 1; i <= sorted.length; i++) {
    const prev = sorted[i - 1] as number;
    const cur = sorted[i];
    if (cur === prev + 1) continue;
    parts.push(start === prev ? String(prev) : `${start}–${prev}`);
    start = cur;
  }
  return parts.join(', ');
}

/**
 * A season's conditions: which races were wet (run on wet-weather tyres), where rain was recorded, and
 * every race's temperatures, hottest and coolest by mean track temperature.
 */
export function seasonWeather(input: { season: number; races: RaceConditions[] }): AnalysisOutput {
  const { season, races } = input;
  const withLaps = races.filter((r) => r.hasLaps);
  const wet = withLaps.filter(wasWet);
  const rainOnly = races.filter((r) => r.rainfall === true && r.hasLaps && !wasWet(r));
  const temps = races.filter((r) => r.trackTempMean !== null);
  const byTrack = [...temps].sort((a, b) => (b.trackTempMean ?? 0) - (a.trackTempMean ?? 0));
  const byAir = [...races.filter((r) => r.airTempMean !== null)].sort(
    (a, b) => (b.airTempMean ?? 0) - (a.airTempMean ?? 0),
  );
  const facts: Fact[] = [
    { label: 'season', value: season },
    { label: 'races with lap data', value: withLaps.length },
    { label: 'wet races', value: wet.length },
  ];
  if (wet.length) facts.push({ label: 'wet races list', value: wet.map((r) => r.name).join('; ') });
  if (rainOnly.length)
    facts.push({ label: 'rain recorded on slicks', value: rainOnly.map((r) => r.name).join('; ') });
  facts.push({ label: 'races with rain recorded', value: races.filter((r) => r.rainfall === true).length });
  facts.push({ label: 'races with a rain gauge', value: races.filter((r) => r.rainfall !== null).length });
  facts.push({ label: 'races with temperatures', value: temps.length });
  const hottest = byTrack[0];
  const coolest = byTrack.at(-1);
  if (hottest && coolest) {
    facts.push({ label: 'hottest race', value: hottest.name });
    facts.push({
      label: 'hottest race mean track temperature',
      value: round1(hottest.trackTempMean ?? 0),
      unit: '°C',
    });
    facts.push({
      label: 'hottest race max track temperature',
      value: round1(hottest.trackTempMax ?? 0),
      unit: '°C',
    });
    facts.push({
      label: 'hottest race mean air temperature',
      value: round1(hottest.airTempMean ?? 0),
      unit: '°C',
    });
    facts.push({ label: 'coolest race', value: coolest.name });
    facts.push({
      label: 'coolest race mean track temperature',
      value: round1(coolest.trackTempMean ?? 0),
      unit: '°C',
    });
    facts.push({
      label: 'coolest race min track temperature',
      value: round1(coolest.trackTempMin ?? 0),
      unit: '°C',
    });
    facts.push({
      label: 'coolest race mean air temperature',
      value: round1(coolest.airTempMean ?? 0),
      unit: '°C',
    });
  }
  const [hottestAir] = byAir;
  if (hottestAir) {
    facts.push({ label: 'hottest race by air', value: hottestAir.name });
    facts.push({
      label: 'hottest race by air mean air temperature',
      value: round1(hottestAir.airTempMean ?? 0),
      unit: '°C',
    });
  }

  const yesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no');
  const table: Table = {
    name: `Conditions of the ${season} races`,
    columns: [
      'Round',
      'Race',
      'Wet (wet-weather tyres)',
      'Laps on intermediates',
      'Laps on full wets',
      'Rain recorded',
      'Track °C mean',
      'Track °C max',
      'Air °C mean',
      'Humidity %',
      'Wind m/s',
    ],
    rows: races.map((r) => [
      r.round,
      r.name,
      r.hasLaps ? (wasWet(r) ? 'yes' : 'no') : null,
      r.hasLaps ? r.intermediateLaps : null,
      r.hasLaps ? r.wetLaps : null,
      yesNo(r.rainfall),
      r.trackTempMean,
      r.trackTempMax,
      r.airTempMean,
      r.humidityMean,
      r.windSpeedMean,
    ]),
  };
  const charts: ChartDraft[] = [];
  if (temps.length > 0) {
    charts.push({
      id: 'season-temperatures',
      kind: 'line',
      title: `Track and air temperature, ${season}`,
      subtitle: 'Mean over each Grand Prix, °C',
      spec: {
        mark: 'line',
        orientation: 'vertical',
        x: { field: 'round', label: 'Round', type: 'quantitative', format: 'integer' },
        y: { field: 'celsius', label: 'Temperature', type: 'quantitative', unit: '°C' },
        series: { field: 'measure', label: 'Measure' },
        color: {
          field: 'measure',
          label: 'Measure',
          domain: ['Track', 'Air'],
          range: ['#d1495b', '#00798c'],
        },
        tooltip: [{ field: 'race', label: 'Race' }],
        data: temps.flatMap((r) => [
          { round: r.round, race: r.name, measure: 'Track', celsius: r.trackTempMean },
          ...(r.airTempMean === null
            ? []
            : [{ round: r.round, race: r.name, measure: 'Air', celsius: r.airTempMean }]),
        ]),
      },
    });
  }
  if (wet.length > 0) {
    charts.push({
      id: 'wet-races',
      kind: 'bar',
      title: `Laps on wet-weather tyres, ${season}`,
      subtitle: 'All drivers, per Grand Prix run partly on intermediates or wets',
      spec: {
        mark: 'bar',
        orientation: 'horizontal',
        x: { field: 'laps', label: 'Laps on wet-weather tyres', type: 'quantitative', format: 'integer' },
        y: { field: 'race', label: 'Race', type: 'nominal' },
        tooltip: [
          { field: 'intermediate', label: 'Intermediate laps' },
          { field: 'wet', label: 'Full wet laps' },
        ],
        data: wet.map((r) => ({
          race: r.name,
          laps: r.intermediateLaps + r.wetLaps,
          intermediate: r.intermediateLaps,
          wet: r.wetLaps,
        })),
      },
    });
  }
  const quality: AnalysisOutput['quality'] = [];
  if (withLaps.length < races.length) {
    quality.push({
      code: 'races_without_laps',
      message: `${races.length - withLaps.length} of the ${season} races have no lap data, so whether they were wet is not known.`,
    });
  }
  return {
    facts,
    tables: [table],
    charts,
    sources: [WEATHER_SOURCE(`${season} weather summaries and tyre compounds per lap`)],
    quality,
  };
}
