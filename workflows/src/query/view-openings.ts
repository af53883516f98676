import type { Fact, Intent, Plan } from '@pitwall/db/contracts';
import { sectorsOpening, weatherOpening } from './conditions-openings.ts';
import { formatMs, formatPoints, plural } from './metric.ts';
import { joinNames } from './phrase.ts';
import { undercutOpening } from './undercut-opening.ts';

/** A driver as the analyses' facts name them (by code) and as an answer names them (in full). */
export type Named = { name: string; code: string };

type Opening = (
  plan: Plan,
  facts: Fact[],
  who: Named[],
  where: string,
  byCode: Map<string, string>,
) => string | undefined;

const factOf = (facts: Fact[], label: string) => facts.find((f) => f.label === label)?.value;
const num = (facts: Fact[], label: string) => {
  const v = factOf(facts, label);
  return typeof v === 'number' ? v : undefined;
};
/** Every fact whose label is "<CODE> <what>", as [code, value]. */
const perDriver = (facts: Fact[], what: string) =>
  facts.flatMap((f) => {
    const m = f.label.match(new RegExp(`^([A-Z]{3}) ${what}$`));
    return m?.[1] && typeof f.value === 'number' ? [[m[1], f.value] as const] : [];
  });
/** "17, 34, 51" → "laps 17, 34 and 51". */
const lapList = (laps: string) => {
  const each = laps.split(', ').filter(Boolean);
  return each.length > 1 ? `laps ${joinNames(each)}` : `lap ${each[0]}`;
};
const seconds = (s: number) => formatMs(Math.round(s * 1000));

/**
 * The sentence that opens each charted analysis's answer, built from its facts with full names: what
 * the question asked, answered, before the analysis's own lines.
 */
const OPENINGS: Partial<Record<Intent, Opening>> = {
  race_pace: (_, facts, who, where) => {
    const medians = who
      .flatMap((d) => {
        const v = num(facts, `${d.code} median lap`);
        return v === undefined ? [] : [{ ...d, ms: v * 1000 }];
      })
      .sort((a, b) => a.ms - b.ms);
    const [best, ...rest] = medians;
    if (!best) {
      const fastest = factOf(facts, 'fastest median pace');
      return fastest ? `${fastest} had the best race pace ${where}, on median clean laps.` : undefined;
    }
    const others = rest.map((d) => `${d.name}'s ${formatMs(d.ms)}`);
    return `${best.name} had the ${rest.length ? 'faster ' : ''}race pace ${where}: a median clean lap of ${formatMs(best.ms)}${others.length ? ` against ${joinNames(others)}` : ''} (lap 1, in- and out-laps and neutralised laps excluded).`;
  },
  tyre_strategy: (_, facts, who, where, byCode) => {
    const drivers = who.length ? who : [...byCode].slice(0, 3).map(([code, name]) => ({ code, name }));
    const lines = drivers.flatMap((d) => {
      const strategy = factOf(facts, `${d.code} strategy`);
      const stops = factOf(facts, `${d.code} stop laps`);
      if (strategy === undefined) return [];
      const ran = String(strategy).toLowerCase().replaceAll('→', 'then');
      return [
        `${d.name} ran ${ran}${stops && stops !== 'none' ? `, stopping on ${lapList(String(stops))}` : ', without stopping'}`,
      ];
    });
    // Lines with lists of their own read apart: "…, stopping on laps 17, 34 and 51; Oscar Piastri ran…".
    const joined = lines.some((l) => l.includes(',')) ? lines.join('; ') : joinNames(lines);
    return lines.length ? `${joined} ${where}.` : undefined;
  },
  gaps: (_, facts, who, where, byCode) => {
    const leaderLap = facts.find((f) => /^leader after lap \d+$/.test(f.label));
    if (!leaderLap) return undefined;
    const lap = leaderLap.label.replace('leader after lap ', '');
    const gaps = perDriver(facts, `gap to leader after lap ${lap}`).filter(([, v]) => v > 0);
    const named = who.length ? gaps.filter(([c]) => who.some((d) => d.code === c)) : gaps.slice(0, 2);
    const behind = named.map(([c, v]) => `${byCode.get(c) ?? c} ${seconds(v)} behind`);
    return `${leaderLap.value} led after lap ${lap} ${where}${behind.length ? `, ${joinNames(behind)}` : ''}.`;
  },
  positions: (_, facts, who, where, byCode) => {
    const gained = perDriver(facts, 'net places gained').sort((a, b) => b[1] - a[1]);
    const led = perDriver(facts, 'laps led')
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1]);
    const focus = who.length ? gained.filter(([c]) => who.some((d) => d.code === c)) : gained.slice(0, 1);
    const parts = focus.map(
      ([c, v]) =>
        `${byCode.get(c) ?? c} ${v >= 0 ? 'gained' : 'lost'} ${Math.abs(v)} ${plural(Math.abs(v), 'place')}`,
    );
    const changes = num(facts, 'lead changes');
    const lead = led[0] ? `${byCode.get(led[0][0]) ?? led[0][0]} led the most laps (${led[0][1]})` : '';
    const sentence = [
      joinNames(parts) + (who.length ? '' : ', the most'),
      lead,
      changes !== undefined ? `the lead changed ${changes} ${plural(changes, 'time')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return sentence ? `${sentence[0]?.toUpperCase()}${sentence.slice(1)} ${where}.` : undefined;
  },
  degradation: (plan, facts, _, where, byCode) => {
    const stints = facts.flatMap((f) => {
      const m = f.label.match(/^([A-Z]{3}) stint \d+ \((\w+)\) degradation$/);
      return m?.[1] && typeof f.value === 'number'
        ? [{ code: m[1], compound: m[2] ?? '', slope: f.value }]
        : [];
    });
    if (stints.length === 0) return undefined;
    const compounds = plan.compounds.length ? plan.compounds : [...new Set(stints.map((s) => s.compound))];
    const lines = compounds.flatMap((c) => {
      const of = stints
        .filter((s) => s.compound === c)
        .map((s) => s.slope)
        .sort((a, b) => a - b);
      if (of.length === 0) return [];
      const median = of[Math.floor(of.length / 2)] ?? 0;
      return [
        `the ${c.toLowerCase()}s lost a median ${median.toFixed(3)} s a lap per lap of tyre age over ${of.length} ${plural(of.length, 'stint')}`,
      ];
    });
    const worst = [...stints].sort((a, b) => b.slope - a.slope)[0];
    const sentence = `${joinNames(lines)} ${where}`;
    return `${sentence[0]?.toUpperCase()}${sentence.slice(1)}${worst ? `; the steepest was ${byCode.get(worst.code) ?? worst.code}'s ${worst.compound.toLowerCase()} stint at ${worst.slope.toFixed(3)} s a lap` : ''} (fuel-corrected).`;
  },
  team_pace: (_, facts, __, where) => {
    const fastest = factOf(facts, 'fastest team on race pace');
    const gaps = facts.flatMap((f) => {
      const m = f.label.match(/^(.+) gap to the fastest team$/);
      return m?.[1] && typeof f.value === 'number' ? [[m[1], f.value] as const] : [];
    });
    if (!fastest) return undefined;
    const next = gaps[0];
    return `${fastest} had the fastest race pace ${where}${next ? `, ${seconds(next[1])} a lap ahead of ${next[0]}` : ''} (median clean laps).`;
  },
  teammate_h2h: (plan, facts, who) => {
    const [a, b] = who;
    if (!a || !b) return undefined;
    const qa = num(facts, `qualifying head-to-head ${a.name}`);
    const qb = num(facts, `qualifying head-to-head ${b.name}`);
    const ra = num(facts, `race head-to-head ${a.name}`);
    const rb = num(facts, `race head-to-head ${b.name}`);
    if (qa === undefined || qb === undefined) return undefined;
    const race = ra !== undefined && rb !== undefined ? `, and ${ra}–${rb} in races both finished` : '';
    const [ahead, behind] = qa >= qb ? [a, b] : [b, a];
    return `${ahead.name} led the qualifying head-to-head with ${behind.name} ${Math.max(qa, qb)}–${Math.min(qa, qb)} in ${plan.season}${race}.`;
  },
  qualifying: (_, facts, __, where) => {
    const pole = factOf(facts, 'pole position');
    const lap = factOf(facts, 'pole lap');
    const second = factOf(facts, 'second on the qualifying order');
    const margin = num(facts, 'pole margin');
    if (!pole) return undefined;
    return `${pole} took pole ${where}${lap ? ` with ${lap}` : ''}${second && margin !== undefined ? `, ${seconds(margin)} ahead of ${second}` : ''}.`;
  },
  pit_stops: (_, facts, __, where) => {
    const stops = num(facts, 'pit stops');
    const quickest = num(facts, 'quickest pit-lane time');
    const by = factOf(facts, 'quickest stop by');
    if (stops === undefined) return undefined;
    return `There were ${stops} pit stops ${where}${quickest !== undefined && by ? `; the quickest pit-lane time was ${seconds(quickest)}, by ${by}` : ''}.`;
  },
  lap_times: (_, facts, who, where) => {
    const lines = who.flatMap((d) => {
      const fastest = num(facts, `${d.code} fastest lap`);
      const lap = num(facts, `${d.code} fastest lap number`);
      return fastest === undefined
        ? []
        : [`${d.name}'s fastest lap was ${seconds(fastest)}${lap ? ` on lap ${lap}` : ''}`];
    });
    return lines.length ? `${joinNames(lines)} ${where}.` : undefined;
  },
  undercuts: undercutOpening,
  sectors: sectorsOpening,
  weather: weatherOpening,
  points_progression: (plan, facts) => champion(plan, facts),
  season_standings: (plan, facts) => champion(plan, facts),
  career: (_, facts, who) => {
    const [d] = who;
    if (!d) return undefined;
    const starts = num(facts, `${d.name} starts`);
    const wins = num(facts, `${d.name} wins`);
    const titles = num(facts, `${d.name} world titles`);
    const first = factOf(facts, `${d.name} first season`);
    if (starts === undefined) return undefined;
    return `${d.name} started ${starts} Grands Prix from ${first}, winning ${wins ?? 0} and ${titles ?? 0} world ${plural(titles ?? 0, 'title')}.`;
  },
};

/** "Max Verstappen won the 2021 title by 8 points", or who leads a season still running and who can still win. */
function champion(plan: Plan, facts: Fact[]): string | undefined {
  const margin = num(facts, 'margin over second');
  const champ = factOf(facts, "drivers' champion");
  const leader = factOf(facts, "drivers' championship leader");
  const who = champ ?? leader;
  if (!who) return undefined;
  const points = num(facts, `${who} points`);
  const pts = points !== undefined ? ` with ${formatPoints(points)} points` : '';
  const ahead = margin !== undefined ? `, ${formatPoints(margin)} ahead of second place` : '';
  if (champ) return `${who} won the ${plan.season} drivers' championship${pts}${ahead}.`;
  const left = num(facts, 'races remaining');
  const contenders = factOf(facts, 'drivers who can still win the title');
  return `${who} leads the ${plan.season} drivers' championship${pts}${ahead}${left !== undefined ? `, with ${left} ${plural(left, 'race')} to go` : ''}${contenders ? `; still able to win the title: ${contenders}` : ''}.`;
}

/** The opening of a view's answer, or undefined when its facts do not carry one. */
export function viewOpening(
  plan: Plan,
  facts: Fact[],
  who: Named[],
  where: string,
  byCode: Map<string, string>,
) {
  return OPENINGS[plan.intent]?.(plan, facts, who, where, byCode);
}
