import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

/** Did not finish: retired (R) or not classified (N); the status is the reason. */
export const dnfs: Metric = {
  id: 'dnfs',
  label: 'DNFs',
  words: [
    'dnf',
    'dnfs',
    'retirement',
    'retirements',
    'retired',
    'retire',
    'did not finish',
    'didnt finish',
    'did nt finish',
    'not finish',
    'failed to finish',
    'dns',
    'non finishes',
    'retirements and why',
  ],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'lower',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  raceView: 'retirements',
  observe: fromClassification((r) => ({
    value: r.positionText === 'R' || r.positionText === 'N' ? 1 : 0,
    detail: `${r.status}, after ${r.laps} ${plural(r.laps, 'lap')}`,
  })),
  say: (n, count) => `did not finish ${n} ${plural(count, 'race')}`,
  event: 'did not finish',
};
