import type { AnalysisEvent, AnalysisStep } from '@pitwall/db/contracts';

export const STEPS = [
  'plan',
  'data',
  'analyse',
  'charts',
  'narrate',
  'verify',
  'persist',
] as const satisfies readonly AnalysisStep[];

export const STEP_LABELS: Record<string, string> = {
  plan: 'Understand the question',
  data: 'Fetch race data',
  analyse: 'Analyse',
  charts: 'Draw charts',
  narrate: 'Write the answer',
  verify: 'Check the facts',
  persist: 'Save results',
};

export type StepState = 'pending' | 'running' | 'done' | 'failed';

export interface StepView {
  step: string;
  label: string;
  state: StepState;
  message: string;
  /** How long the step took, from the `done` event's `data.ms`. */
  ms?: number;
}

export function initialSteps(): StepView[] {
  return STEPS.map((step) => ({ step, label: STEP_LABELS[step] ?? step, state: 'pending', message: '' }));
}

/** Folds one progress event into the step list; unknown steps are appended so nothing is hidden. */
export function applyEvent(steps: StepView[], event: AnalysisEvent): StepView[] {
  const known = steps.some((s) => s.step === event.step);
  const list = known
    ? steps
    : [
        ...steps,
        {
          step: event.step,
          label: STEP_LABELS[event.step] ?? event.step,
          state: 'pending' as const,
          message: '',
        },
      ];
  return list.map((s) => {
    if (s.step !== event.step) return s;
    const state: StepState =
      event.phase === 'started'
        ? 'running'
        : event.phase === 'info'
          ? s.state === 'pending'
            ? 'running'
            : s.state
          : event.phase;
    const ms = event.phase === 'done' && typeof event.data?.ms === 'number' ? event.data.ms : s.ms;
    return { ...s, state, message: event.message || s.message, ...(ms === undefined ? {} : { ms }) };
  });
}

export function countDone(steps: StepView[]): number {
  return steps.filter((s) => s.state === 'done').length;
}
