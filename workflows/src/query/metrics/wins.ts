import { CLASSIFIED, fromClassification } from '../classification.ts';
import { formatMs, type Metric, plural } from '../metric.ts';

/** Race (or sprint) wins: P1 in the classification. */
export const wins: Metric = {
  id: 'wins',
  label: 'wins',
  words: [
    'win',
    'wins',
    'won',
    'winner',
    'winners',
    'victory',
    'victories',
    'triumph',
    'triumphs',
    'winning margin',
    'race wins',
    'gp wins',
    'grand prix wins',
  ],
  hints: ['winning'],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'higher',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) => (r.position === 1 ? 1 : 0)),
  say: (n, count) => `won ${n} ${plural(count, 'race')}`,
  event: 'won',
  context: (rows) => {
    const [first, second] = [...rows]
      .filter((r) => r.position !== null)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const out = [];
    const times = rows as { timeMs?: number | null; grid?: number | null; position: number | null }[];
    const p1 = times.find((r) => r.position === 1);
    const p2 = times.find((r) => r.position === 2);
    if (first && second && p1?.timeMs && p2?.timeMs && p2.timeMs > p1.timeMs) {
      const margin = (p2.timeMs - p1.timeMs) / 1000;
      out.push({
        text: `${first.driverName} finished ${margin.toFixed(3)} s ahead of ${second.driverName}.`,
        facts: [{ label: 'winning margin', value: Number(margin.toFixed(3)), unit: 's' }],
      });
    } else if (first && second) {
      out.push({ text: `${second.driverName} was second.`, facts: [] });
    }
    if (p1?.timeMs)
      out.push({
        text: `The winning time was ${formatMs(p1.timeMs)}.`,
        facts: [{ label: 'winning time', value: formatMs(p1.timeMs) }],
      });
    return out;
  },
};
