import {
  ANALYSIS_STEPS,
  type AnalysisData,
  type AnalysisStep,
  type Chart,
  type Clarification,
  type Fact,
  type InternalOutcome,
  isRaceIntent,
  type Plan,
  type Query,
  type Result,
} from '@pitwall/db/contracts';
import { findRace, latestResults, raceResults, seasonRaces } from '@pitwall/db/queries/warehouse';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { AnalysisOutput } from '../analyses/types.ts';
import type { PlanDefaults, PlanOutcome } from '../assistants/builtin-planner.ts';
import { InvalidModelOutput, ModelError, toActivityFailure } from '../assistants/model-errors.ts';
import { builtinAssistant, type Registry, type Usage } from '../assistants/registry.ts';
import { planUpload } from '../assistants/upload-planner.ts';
import { unsupportedNumbers } from '../assistants/verify.ts';
import { renderSvg, svgToPng } from '../charts/render.ts';
import type { EdgeClient } from '../edge-client.ts';
import { type Catalog, loadCatalog } from '../entities/catalog.ts';
import { answerQuery, planOf } from '../query/answer.ts';
import { outsideCatalog } from '../query/parse.ts';
import { checkStructured } from '../query/validate.ts';
import type { Warehouse } from '../warehouse.ts';
import { type CodeScope, codeScope } from './code-data.ts';
import { type CodeInterpreter, createInterpret } from './code-mode.ts';
import type { RaceLoadReport } from './ingest.ts';
import { BUDGET_NOTE, createAssistantChooser } from './model-choice.ts';
import { analyseUpload, readUploadTable } from './upload-analysis.ts';

const CATALOG_TTL_MS = 10 * 60_000;

export type ActivityDeps = {
  warehouse: Warehouse;
  edge: EdgeClient;
  registry: Registry;
  /** Fetches what the warehouse lacks for a race from the public APIs. */
  loadRace: (season: number, round: number) => Promise<RaceLoadReport>;
  /** Fault injection for crash tests: the process kills itself (SIGKILL) once this step's work is done. */
  killAfterStep?: AnalysisStep | undefined;
  /** Code-interpreter mode, when an OpenAI key is configured. */
  codeInterpreter?: CodeInterpreter | undefined;
};

/** Planning's outcome: a plan, a question back, or code-interpreter mode over the scope the question names. */
export type PlanStepOutcome = (PlanOutcome | { kind: 'code'; scope: CodeScope & { seasons?: number[] } }) & {
  usage?: Usage;
};

/** What `data` of the request fills in a plan: the race, qualifying session or season the caller picked. */
function defaultsOf(data: AnalysisData | undefined): PlanDefaults | undefined {
  if (!data || data.type === 'upload') return undefined;
  const p = data.parameters;
  const round = p && 'round' in p ? p.round : undefined;
  const defaults: PlanDefaults = {
    ...(p?.season ? { season: p.season } : {}),
    ...(round ? { round } : {}),
    ...(data.type === 'qualifying' ? { intent: 'qualifying' as const } : {}),
  };
  return Object.keys(defaults).length > 0 ? defaults : undefined;
}

const HEARTBEAT_MS = 5_000;

/**
 * Runs an activity's work while telling Temporal it is alive every few seconds, so a worker that dies
 * holding it is noticed within the heartbeat timeout. Outside an activity (a direct call in a test) it
 * only runs the work.
 */
async function whileBeating<T>(work: () => Promise<T>): Promise<T> {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return work();
  }
  const beat = setInterval(() => context?.heartbeat(), HEARTBEAT_MS);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}

const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  costUsd: a.costUsd + b.costUsd,
});

/** Model errors become Temporal failures that carry their retry decision (and a 429's Retry-After). */
const asActivityFailure = (err: unknown) => (err instanceof ModelError ? toActivityFailure(err) : err);

export type Narrative = { answer: string; assistant: string; model: string; usage: Usage };

/**
 * The steps of one analysis. Each reports its own start and end as events keyed by (analysis, step,
 * phase), and every write it makes is keyed the same way, so a retry repeats nothing.
 */
export function createAnalyzeActivities(deps: ActivityDeps) {
  const { warehouse, edge, registry } = deps;
  const chooseAssistant = createAssistantChooser({ registry, edge });

  async function step<T>(
    analysisId: string,
    name: AnalysisStep,
    work: () => Promise<T>,
    extra?: (r: T) => object,
  ) {
    const index = ANALYSIS_STEPS.indexOf(name);
    const total = ANALYSIS_STEPS.length;
    await edge.event(analysisId, {
      key: `${name}:started`,
      step: name,
      phase: 'started',
      message: `${name} started`,
      progress: { step: name, done: index, total },
    });
    const started = performance.now();
    const result = await work();
    const ms = Math.round(performance.now() - started);
    await edge.event(analysisId, {
      key: `${name}:done`,
      step: name,
      phase: 'done',
      message: `${name} done in ${ms} ms`,
      data: { ms },
      progress: { step: name, done: index + 1, total },
      ...(extra?.(result) ?? {}),
    });
    if (deps.killAfterStep === name) process.kill(process.pid, 'SIGKILL');
    return result;
  }

  // The entity catalog is read once and refreshed now and then: ingestion can add drivers and races.
  let cached: { at: number; catalog: Promise<Catalog> } | undefined;
  const catalog = () => {
    if (!cached || Date.now() - cached.at > CATALOG_TTL_MS) {
      cached = { at: Date.now(), catalog: loadCatalog(warehouse) };
      cached.catalog.catch(() => {
        cached = undefined;
      });
    }
    return cached.catalog;
  };

  async function raceFor(plan: Plan) {
    if (plan.round === undefined) {
      throw ApplicationFailure.nonRetryable(`the ${plan.intent} plan names no race`, 'BadPlan');
    }
    const race = await findRace(warehouse, plan.season, plan.round);
    if (!race) {
      throw ApplicationFailure.nonRetryable(
        `the warehouse has no ${plan.season} round ${plan.round}`,
        'NoData',
      );
    }
    return race;
  }

  return {
    async planQuestion(input: {
      analysisId: string;
      query: string;
      model?: string;
      data?: AnalysisData;
      /** A query to run as it is: an edited chip, a picked option, the data explorer's choice. */
      structured?: Query;
      /** The previous analysis's query, when the question follows it up. */
      context?: Query;
    }): Promise<PlanStepOutcome> {
      return step(
        input.analysisId,
        'plan',
        async (): Promise<PlanStepOutcome> => {
          const latest = await latestResults(warehouse);
          if (!latest) throw ApplicationFailure.nonRetryable('the warehouse holds no results yet', 'NoData');
          const defaults = defaultsOf(input.data);
          const ctx = {
            latest,
            catalog: await catalog(),
            racesOf: (season: number) => seasonRaces(warehouse, season),
            ...(defaults ? { defaults } : {}),
            ...(input.context ? { context: input.context } : {}),
          };
          // An upload is planned by rules whatever the assistant: a model knows nothing of the file.
          if (input.data?.type === 'upload') {
            const upload = await edge.upload(input.analysisId, input.data.parameters.uploadId);
            return planUpload(input.query, upload, ctx, input.structured);
          }
          // A structured query is run as it is, once the catalog knows everything it names: no parsing.
          if (input.structured) {
            const checked = checkStructured(input.structured, ctx.catalog, latest);
            if ('error' in checked)
              throw ApplicationFailure.nonRetryable(`The query cannot run: ${checked.error}.`, 'BadQuery');
            return { kind: 'plan', plan: planOf(checked.ok, latest.season, input.query, ctx.catalog) };
          }
          const { assistant } = await chooseAssistant(input.analysisId, input.model, 'plan');
          let outcome: PlanOutcome & { usage?: Usage };
          try {
            outcome = await assistant.plan(input.query, ctx);
          } catch (err) {
            // A model that answers nonsense is not retried: the builtin planner takes over, and says so.
            if (!(err instanceof InvalidModelOutput)) throw asActivityFailure(err);
            await edge.event(input.analysisId, {
              key: 'plan:fallback',
              step: 'plan',
              phase: 'info',
              message: `${assistant.name} returned an unusable plan (${err.message}); the builtin planner answered`,
            });
            outcome = await builtinAssistant.plan(input.query, ctx);
          }
          // Outside every built-in analysis, with OpenAI chosen and a key configured: code-interpreter mode.
          // Without a key the question back stands (nothing is invented).
          if (
            outcome.kind === 'clarify' &&
            deps.codeInterpreter &&
            assistant.name === 'openai' &&
            !input.context &&
            outsideCatalog(input.query)
          ) {
            await edge.event(input.analysisId, {
              key: 'plan:code',
              step: 'plan',
              phase: 'info',
              message:
                'no built-in analysis answers this question: an OpenAI model will write and run code over the data (code-interpreter mode)',
            });
            return {
              kind: 'code',
              scope: codeScope(input.query, ctx),
              ...(outcome.usage ? { usage: outcome.usage } : {}),
            };
          }
          return outcome;
        },
        (outcome) => (outcome.kind === 'plan' ? { plan: outcome.plan } : {}),
      );
    },

    async ensureData(input: { analysisId: string; plan: Plan }): Promise<{ results: number }> {
      return whileBeating(() =>
        step(input.analysisId, 'data', async () => {
          // The caller's upload is the data: read and check it now, so bad content fails with its reason.
          if (input.plan.upload) {
            const table = await readUploadTable(edge, input.analysisId, input.plan.upload);
            await edge.event(input.analysisId, {
              key: 'data:upload',
              step: 'data',
              phase: 'info',
              message: `read ${table.rows.length} rows of ${table.type} from the upload “${input.plan.upload.name}”`,
            });
            return { results: table.rows.length };
          }
          // Season-wide intents read what the warehouse holds; their plan only names seasons it has.
          if (!isRaceIntent(input.plan.intent)) return { results: 0 };
          const race = await raceFor(input.plan);
          let rows = await raceResults(warehouse, race.id);
          if (rows.length === 0) {
            const report = await deps.loadRace(race.season, race.round);
            if (report.fetched.length > 0) {
              await edge.event(input.analysisId, {
                key: 'data:fetched',
                step: 'data',
                phase: 'info',
                message: `fetched ${report.fetched.join(', ')} for the ${race.season} ${race.name}`,
              });
            }
            rows = await raceResults(warehouse, race.id);
          }
          if (rows.length === 0) {
            throw ApplicationFailure.nonRetryable(
              `the ${race.season} ${race.name} has no results in the data yet`,
              'NoData',
            );
          }
          return { results: rows.length };
        }),
      );
    },

    async analyse(input: { analysisId: string; plan: Plan }): Promise<AnalysisOutput> {
      const { plan } = input;
      return step(input.analysisId, 'analyse', async () =>
        plan.upload
          ? analyseUpload(plan, await readUploadTable(edge, input.analysisId, plan.upload), await catalog())
          : answerQuery(warehouse, plan),
      );
    },

    async renderCharts(input: { analysisId: string; charts: Omit<Chart, 'files'>[] }): Promise<Chart[]> {
      return step(input.analysisId, 'charts', async () => {
        // Rendering is CPU work and the uploads are waits: render each chart, then send its files while
        // the next one renders. Uploads are keyed by name, so a retry overwrites rather than adds.
        const uploads: Promise<unknown>[] = [];
        const rendered: Chart[] = [];
        for (const chart of input.charts) {
          const svg = await renderSvg(chart);
          const png = svgToPng(svg);
          uploads.push(
            edge.putFile(input.analysisId, `${chart.id}.svg`, 'image/svg+xml', svg),
            edge.putFile(input.analysisId, `${chart.id}.png`, 'image/png', png),
          );
          rendered.push({ ...chart, files: { svg: `${chart.id}.svg`, png: `${chart.id}.png` } });
        }
        await Promise.all(uploads);
        return rendered;
      });
    },

    async narrate(input: {
      analysisId: string;
      question: string;
      plan: Plan;
      facts: Fact[];
      headline?: string;
      model?: string;
    }): Promise<Narrative> {
      return step(input.analysisId, 'narrate', async () => {
        const { assistant, budgetSpent } = await chooseAssistant(input.analysisId, input.model, 'narrate');
        const { answer, usage } = await assistant
          .narrate({
            question: input.question,
            plan: input.plan,
            facts: input.facts,
            ...(input.headline ? { headline: input.headline } : {}),
          })
          .catch((err) => {
            throw asActivityFailure(err);
          });
        return {
          answer: budgetSpent ? `${BUDGET_NOTE}\n\n${answer}` : answer,
          usage,
          assistant: assistant.name,
          model: assistant.model,
        };
      });
    },

    /**
     * Keeps a narrative only if every number in it is a fact. Otherwise the assistant writes it once more,
     * and if that fails too the builtin narrative stands in. The events say which happened.
     */
    async verify(input: {
      analysisId: string;
      question: string;
      /** Absent only for code-interpreter mode's answers, which have no plan. */
      plan?: Plan;
      facts: Fact[];
      /** The computed opening sentences: their numbers are supported as facts are. */
      headline?: string;
      narrative: Narrative;
      /**
       * The answer came from code-interpreter mode: its figures are the model's code's, not facts, so they
       * cannot be checked; the answer is labelled as such instead, and kept.
       */
      computedByCode?: boolean;
    }): Promise<Narrative> {
      return step(input.analysisId, 'verify', async () => {
        const note = (key: string, message: string) =>
          edge.event(input.analysisId, { key, step: 'verify', phase: 'info', message });
        if (input.computedByCode) {
          await note(
            'verify:code',
            'the answer was computed by model-written code: its numbers are not checked against facts, and it says so',
          );
          return input.narrative;
        }
        const { plan } = input;
        if (!plan)
          throw ApplicationFailure.nonRetryable('a narrative is verified against its plan', 'BadPlan');
        const supported = input.headline
          ? [...input.facts, { label: 'answer', value: input.headline }]
          : input.facts;
        const check = (answer: string) => unsupportedNumbers(answer, supported, plan);
        const first = check(input.narrative.answer);
        if (first.length === 0) return input.narrative;
        let narrative = input.narrative;
        const assistant = await registry.select(input.narrative.assistant);
        if (assistant.name === input.narrative.assistant && assistant.name !== builtinAssistant.name) {
          await note(
            'verify:regenerate',
            `the narrative cited numbers that are not facts (${first.join(', ')}); writing it again`,
          );
          const again = await assistant
            .narrate({
              question: input.question,
              plan,
              facts: input.facts,
              ...(input.headline ? { headline: input.headline } : {}),
            })
            .catch(() => undefined);
          if (again) {
            narrative = { ...narrative, answer: again.answer, usage: addUsage(narrative.usage, again.usage) };
            if (check(again.answer).length === 0) return narrative;
          }
        }
        await note(
          'verify:replaced',
          `the narrative cited numbers that are not facts (${first.join(', ')}); using the builtin narrative`,
        );
        const fallback = await builtinAssistant.narrate({
          question: input.question,
          plan,
          facts: input.facts,
          ...(input.headline ? { headline: input.headline } : {}),
        });
        return { ...narrative, answer: fallback.answer };
      });
    },

    /** Code-interpreter mode's data, analyse, charts and narrate steps (see code-mode.ts). */
    interpret: createInterpret({ warehouse, edge, codeInterpreter: deps.codeInterpreter, step }),

    async persist(input: { analysisId: string; result: Result }): Promise<void> {
      await step(input.analysisId, 'persist', async () => {
        await edge.outcome(input.analysisId, { status: 'succeeded', result: input.result });
      });
    },

    /** Final outcomes other than success; safe to repeat. */
    async finish(input: { analysisId: string; outcome: Exclude<InternalOutcome, { status: 'succeeded' }> }) {
      const phase = input.outcome.status === 'failed' ? 'failed' : 'info';
      await edge.event(input.analysisId, {
        key: `finish:${input.outcome.status}`,
        step: 'finish',
        phase,
        message:
          input.outcome.status === 'failed'
            ? input.outcome.error.message
            : input.outcome.status === 'needs_clarification'
              ? input.outcome.clarification.question
              : 'cancelled',
      });
      await edge.outcome(input.analysisId, input.outcome);
    },
  };
}

export type AnalyzeActivities = ReturnType<typeof createAnalyzeActivities>;
export type { Clarification };
