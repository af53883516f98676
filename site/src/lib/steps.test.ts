import type { AnalysisEvent } from '@pitwall/db/contracts';
import { describe, expect, it } from 'vitest';
import { applyEvent, countDone, initialSteps } from './steps.ts';

const event = (seq: number, step: string, phase: AnalysisEvent['phase'], message = ''): AnalysisEvent => ({
  seq,
  step,
  phase,
  message,
  data: null,
  createdAt: '2024-01-01T00:00:00Z',
});

describe('applyEvent', () => {
  it('moves a step from pending to running to done and keeps the latest message', () => {
    let steps = initialSteps();
    steps = applyEvent(steps, event(1, 'plan', 'started', 'Reading the question'));
    expect(steps[0]).toMatchObject({ step: 'plan', state: 'running', message: 'Reading the question' });
    steps = applyEvent(steps, event(2, 'plan', 'done', 'Monaco 2023'));
    expect(steps[0]).toMatchObject({ state: 'done', message: 'Monaco 2023' });
    expect(countDone(steps)).toBe(1);
    expect(steps.slice(1).every((s) => s.state === 'pending')).toBe(true);
  });

  it('marks failures and does not let info events undo a finished step', () => {
    let steps = applyEvent(initialSteps(), event(1, 'data', 'failed', 'source unavailable'));
    expect(steps[1]).toMatchObject({ step: 'data', state: 'failed' });
    steps = applyEvent(applyEvent(steps, event(2, 'plan', 'done')), event(3, 'plan', 'info', 'note'));
    expect(steps[0]).toMatchObject({ state: 'done', message: 'note' });
  });

  it('keeps the timing a done event carries', () => {
    const done = { ...event(2, 'data', 'done'), data: { ms: 1234 } };
    const steps = applyEvent(applyEvent(initialSteps(), event(1, 'data', 'started')), done);
    expect(steps[1]).toMatchObject({ state: 'done', ms: 1234 });
  });

  it('appends steps it does not know instead of dropping them', () => {
    const steps = applyEvent(initialSteps(), event(1, 'warmup', 'started'));
    expect(steps.at(-1)).toMatchObject({ step: 'warmup', state: 'running' });
    expect(steps).toHaveLength(8);
  });
});
