import type { Fact, Plan } from '@pitwall/db/contracts';
import { plural } from './metric.ts';
import { joinNames } from './phrase.ts';

/**
 * The sentences that open a sectors or weather answer, from the analysis's facts: they answer what was
 * asked (was it wet, how hot, who was quickest where) before the rest of the facts.
 */
type Named = { name: string; code: string };

const value = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;
const num = (facts: Fact[], label: string) => {
  const v = value(facts, label);
  return typeof v === 'number' ? v : undefined;
};
const celsius = (n: number | undefined) => (n === undefined ? '' : `${n} °C`);

/** "Max Verstappen's best sectors at …: 26.9, 28.1 and 20.4 s, a theoretical best of 1:21.4 …". */
export function sectorsOpening(
  _plan: Plan,
  facts: Fact[],
  who: Named[],
  where: string,
  byCode: Map<string, string>,
): string | undefined {
  // "a theoretical best of 1:21.232 from sectors of 26.936 / 27.492 / 26.804 s, 0.2 s under the fastest lap of 1:21.432"
  const line = (d: Named) => {
    const sectors = [1, 2, 3].map((s) => num(facts, `${d.code} best sector ${s}`));
    if (sectors.some((s) => s === undefined)) return undefined;
    const theory = value(facts, `${d.code} theoretical best lap`);
    const fastest = value(facts, `${d.code} fastest lap`);
    const over = num(facts, `${d.code} fastest lap over theoretical best`);
    const against =
      fastest !== undefined && over !== undefined ? `, ${over} s under the fastest lap of ${fastest}` : '';
    return `a theoretical best of ${theory} from best sectors of ${sectors.join(' / ')} s${against}`;
  };
  const quickest = [1, 2, 3].map(
    (s) =>
      `sector ${s} was ${value(facts, `fastest sector ${s} by`)}'s (${num(facts, `fastest sector ${s}`)} s)`,
  );
  if (who.length > 0) {
    const lines = who.flatMap((d) => {
      const l = line(d);
      return l ? [`${d.name} had ${l}`] : [];
    });
    if (lines.length === 0) return undefined;
    const among = who.length > 1 ? ` Between them, the quickest ${joinNames(quickest)}.` : '';
    return `${where[0]?.toUpperCase()}${where.slice(1)}, ${lines.join('; ')}.${among}`;
  }
  const best = value(facts, 'best theoretical lap by');
  const bestTime = value(facts, 'best theoretical lap');
  if (best === undefined) return undefined;
  const code = [...byCode].find(([, name]) => name === best)?.[0];
  const lead = code ? line({ name: String(best), code }) : undefined;
  return `${best} had the best theoretical lap ${where}: ${lead ?? bestTime}. The quickest ${joinNames(quickest)}.`;
}

/** Wet or dry, how hot, which races: the opening that fits the weather view the question chose. */
export function weatherOpening(plan: Plan, facts: Fact[], _who: Named[], where: string): string | undefined {
  const asked = plan.query?.metric ?? 'weather';
  return plan.round !== undefined
    ? raceOpening(asked, facts, where)
    : seasonOpening(asked, facts, plan.season);
}

function raceOpening(asked: string, facts: Fact[], where: string): string | undefined {
  const wet = value(facts, 'wet race');
  const rain = value(facts, 'rain recorded');
  const inters = num(facts, 'laps on intermediates') ?? 0;
  const wets = num(facts, 'laps on full wets') ?? 0;
  const drivers = num(facts, 'drivers on wet-weather tyres') ?? 0;
  const first = num(facts, 'first lap on wet-weather tyres');
  const last = num(facts, 'last lap on wet-weather tyres');
  const rainNote =
    rain === 'yes' ? 'rain was recorded during the race' : rain === 'no' ? 'no rain was recorded' : '';
  const race = where.replace(/^at the /, '');
  let wetLine: string | undefined;
  if (wet === 'yes') {
    const tyres = [
      inters ? `${inters} ${plural(inters, 'lap')} on intermediates` : '',
      wets ? `${wets} on full wets` : '',
    ].filter(Boolean);
    wetLine = `the ${race} was wet: ${drivers} ${plural(drivers, 'driver')} ran wet-weather tyres between laps ${first} and ${last} (${joinNames(tyres)})${rainNote ? `, and ${rainNote}` : ''}.`;
  } else if (wet === 'no') {
    wetLine =
      rain === 'yes'
        ? `the ${race} was dry: rain was recorded during the race, but nobody ran intermediates or wets.`
        : `the ${race} was dry: nobody ran intermediates or wets${rainNote ? `, and ${rainNote}` : ''}.`;
  }
  const trackMean = num(facts, 'track temperature mean');
  const temps =
    trackMean === undefined
      ? undefined
      : `track temperature at the ${race} ran from ${celsius(num(facts, 'track temperature min'))} to ${celsius(num(facts, 'track temperature max'))} (mean ${celsius(trackMean)}), air from ${celsius(num(facts, 'air temperature min'))} to ${celsius(num(facts, 'air temperature max'))} (mean ${celsius(num(facts, 'air temperature mean'))})`;
  const extra = [
    num(facts, 'humidity mean') !== undefined ? `humidity ${num(facts, 'humidity mean')} %` : '',
    num(facts, 'wind speed mean') !== undefined ? `wind ${num(facts, 'wind speed mean')} m/s` : '',
  ].filter(Boolean);
  const tempLine = temps ? `${temps}${extra.length ? `; ${extra.join(', ')}` : ''}.` : undefined;
  const cap = (s: string) => `${s[0]?.toUpperCase()}${s.slice(1)}`;
  if (asked === 'wet_races') {
    if (!wetLine) return undefined;
    const verdict = wet === 'yes' ? 'Yes' : 'No';
    return `${verdict}, ${wetLine}${tempLine ? ` ${cap(tempLine)}` : ''}`;
  }
  if (!tempLine) {
    return wetLine ? `The weather feed has no temperatures ${where}; from the tyres, ${wetLine}` : undefined;
  }
  return `${cap(tempLine)}${wetLine ? ` ${cap(wetLine)}` : ''}`;
}

function seasonOpening(asked: string, facts: Fact[], season: number): string | undefined {
  const wetCount = num(facts, 'wet races') ?? 0;
  const withLaps = num(facts, 'races with lap data') ?? 0;
  const wetList = String(value(facts, 'wet races list') ?? '')
    .split('; ')
    .filter(Boolean);
  const rainOnSlicks = String(value(facts, 'rain recorded on slicks') ?? '')
    .split('; ')
    .filter(Boolean);
  const wetLine =
    wetCount > 0
      ? `${wetCount} ${plural(wetCount, 'race')} of ${season} ${wetCount === 1 ? 'was' : 'were'} wet, run partly on intermediates or wets (of ${withLaps} with lap data): ${joinNames(wetList.map((r) => `the ${r}`))}.${rainOnSlicks.length ? ` Rain was also recorded at ${joinNames(rainOnSlicks.map((r) => `the ${r}`))}, where everyone stayed on slicks.` : ''}`
      : `No race of ${season} (of ${withLaps} with lap data) was run on intermediates or wets.${rainOnSlicks.length ? ` Rain was recorded at ${joinNames(rainOnSlicks.map((r) => `the ${r}`))}, but everyone stayed on slicks.` : ''}`;
  const hottest = value(facts, 'hottest race');
  const coolest = value(facts, 'coolest race');
  const races = num(facts, 'races with temperatures');
  const hotLine =
    hottest === undefined
      ? undefined
      : `The hottest race of ${season} by track temperature was the ${hottest}: a mean of ${celsius(num(facts, 'hottest race mean track temperature'))} on track, peaking at ${celsius(num(facts, 'hottest race max track temperature'))}, with the air at ${celsius(num(facts, 'hottest race mean air temperature'))}${airDiffers(facts)}.`;
  const coolLine =
    coolest === undefined
      ? undefined
      : `The coolest race of ${season} by track temperature was the ${coolest}: a mean of ${celsius(num(facts, 'coolest race mean track temperature'))} on track, ${celsius(num(facts, 'coolest race min track temperature'))} at its lowest, with the air at ${celsius(num(facts, 'coolest race mean air temperature'))}.`;
  const noTemps = `The weather feed has no ${season} temperatures (it starts in 2023).`;
  if (asked === 'wet_races') return wetLine;
  if (asked === 'hottest_race') return hotLine ?? noTemps;
  if (asked === 'coolest_race') return coolLine ?? noTemps;
  if (!hotLine || !coolLine) return `${noTemps} ${wetLine}`;
  return `Across the ${season} races with temperatures (${races}), the track was hottest at the ${hottest} (mean ${celsius(num(facts, 'hottest race mean track temperature'))}) and coolest at the ${coolest} (mean ${celsius(num(facts, 'coolest race mean track temperature'))}). ${wetLine}`;
}

/** The hottest by air, when it is not the hottest by track. */
function airDiffers(facts: Fact[]): string {
  const byAir = value(facts, 'hottest race by air');
  if (byAir === undefined || byAir === value(facts, 'hottest race')) return '';
  return `; by air temperature the hottest was the ${byAir} (mean ${celsius(num(facts, 'hottest race by air mean air temperature'))})`;
}
