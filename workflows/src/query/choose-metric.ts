import type { QuerySession } from '@pitwall/db/contracts';
import { METRICS } from './catalog.ts';
import type { Metric, View } from './metric.ts';
import { VIEWS } from './views.ts';
import type { Words } from './words.ts';

export type Candidate = { id: string; metric?: Metric; view?: View; score: number; at: number };
type Entry = {
  id: string;
  words: readonly string[];
  hints?: readonly string[] | undefined;
  metric?: Metric;
  view?: View;
};

const ENTRIES: Entry[] = [
  ...Object.values(METRICS).map((m: Metric) => ({ id: m.id, words: m.words, hints: m.hints, metric: m })),
  ...VIEWS.map((v) => ({ id: v.id, words: v.words, hints: (v as View).hints, view: v as View })),
];

/** The words the parser knows, for correcting typos; names are the resolver's. */
const CUES = `single season qualifying sprint podium championship standings fastest quickest slowest without
  winning average median retired retirements constructors constructor drivers finished position positions
  strategy degradation compared comparison career first last after round during between teammate points
  victory victories most fewest record lowest highest number times history total season races margin
  oldest youngest`;
export const VOCABULARY = new Set(
  [...ENTRIES.flatMap((e) => [...e.words, ...(e.hints ?? [])]), CUES]
    .flatMap((p) => p.split(/\s+/))
    .filter((w) => w.length >= 3),
);

/**
 * The metric (or view) the question names. Each reading scores the words it can account for, phrases
 * longest first and without overlap (two words of a phrase count double; a hint counts one): the reading
 * that explains most of the question wins, the earliest on a tie.
 */
export function chooseMetric(words: Words, session: QuerySession | undefined): Candidate | undefined {
  const found: Candidate[] = [];
  for (const entry of ENTRIES) {
    const trial = words.clone();
    let score = 0;
    let at = Number.POSITIVE_INFINITY;
    const phrases = [
      ...[...entry.words].map((p) => ({ p, weight: 2 })),
      ...(entry.hints ?? []).map((p) => ({ p, weight: 1 })),
    ].sort((a, b) => b.p.length - a.p.length);
    for (const { p, weight } of phrases) {
      for (let hit = trial.find(p); hit; hit = trial.find(p)) {
        trial.take(p);
        score += weight * p.split(' ').length + (weight === 2 && p.length > 6 ? 1 : 0);
        at = Math.min(at, hit.indices[0] ?? 0);
      }
    }
    if (score === 0) continue;
    // A session the metric cannot be read in makes it a worse reading of the question.
    if (session && entry.metric && !entry.metric.sessions.includes(session)) score -= 3;
    found.push({
      id: entry.id,
      ...(entry.metric ? { metric: entry.metric } : {}),
      ...(entry.view ? { view: entry.view } : {}),
      score,
      at,
    });
  }
  found.sort((a, b) => b.score - a.score || a.at - b.at);
  return found[0];
}

/** Every phrase of a metric or view that the question holds, marked as used. */
export function consume(words: Words, phrases: readonly string[]) {
  for (const phrase of [...phrases].sort((a, b) => b.length - a.length)) while (words.take(phrase));
}
