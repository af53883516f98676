import { isRetirement, retirementKind } from '../../analyses/retirements.ts';
import { CLASSIFIED, fromClassification } from '../classification.ts';
import { type Metric, plural } from '../metric.ts';

/**
 * Retirements whose recorded reason is a failure of the car (engine, gearbox, brakes, hydraulics…), not an
 * accident, a collision or a driver's own or unstated reason; the kinds are those of the retirements view.
 */
export const mechanicalDnfs: Metric = {
  id: 'mechanical_dnfs',
  label: 'mechanical retirements',
  words: [
    'mechanical retirements',
    'mechanical retirement',
    'mechanical dnfs',
    'mechanical dnf',
    'mechanical failures',
    'mechanical failure',
    'mechanical problems',
    'technical failures',
    'reliability failures',
    'reliability problems',
    'reliability issues',
    'breakdowns',
    'retired with a mechanical',
  ],
  hints: ['mechanical', 'reliability'],
  unit: 'count',
  kind: 'count',
  perStart: true,
  better: 'lower',
  ...CLASSIFIED,
  defaultAggregate: 'total',
  observe: fromClassification((r) => ({
    value: isRetirement(r) && retirementKind(r.status) === 'mechanical' ? 1 : 0,
    detail: `${r.status}, after ${r.laps} ${plural(r.laps, 'lap')}`,
  })),
  say: (n, count) => `had ${n} mechanical ${plural(count, 'retirement')}`,
  event: 'retired with a mechanical failure at',
};
