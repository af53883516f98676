import type { AnalysisStep, Fact, ImageChart, Result, Source, Table } from '@pitwall/db/contracts';
import { ApplicationFailure } from '@temporalio/activity';
import type { CodeInterpreterInput, CodeInterpreterResult } from '../assistants/code-interpreter.ts';
import { ModelError, toActivityFailure } from '../assistants/model-errors.ts';
import type { Usage } from '../assistants/registry.ts';
import type { EdgeClient } from '../edge-client.ts';
import type { Warehouse } from '../warehouse.ts';
import { type CodeScope, codeDataFiles } from './code-data.ts';

/** Code-interpreter mode as the compute plane offers it: which model, and how to run it. */
export type CodeInterpreter = {
  model: string;
  run: (input: CodeInterpreterInput) => Promise<CodeInterpreterResult>;
};

type StepFn = <T>(
  analysisId: string,
  name: AnalysisStep,
  work: () => Promise<T>,
  extra?: (r: T) => object,
) => Promise<T>;

/** What code-interpreter mode hands to verify and persist: a result without its model block yet. */
export type CodeAnswer = Omit<Result, 'model'> & { assistant: string; model: string; usage: Usage };

export const CODE_LABEL =
  '**Computed by model-written code, not by Pit Wall’s analyses.** This question is outside the built-in analyses, so an OpenAI model wrote and ran Python over the attached data. Its figures were not verified against facts; the code it ran is listed below.';

/** Stored file types the edge accepts, and which of them are pictures. */
const STORABLE: Record<string, 'png' | 'svg' | 'data'> = {
  'image/png': 'png',
  'image/svg+xml': 'svg',
  'text/csv': 'data',
  'application/json': 'data',
};

/** A name the edge accepts (lower case, no path), unique per position. */
const storedName = (index: number, name: string) =>
  `code-${index + 1}-${name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`.slice(0, 100);

/**
 * Code-interpreter mode for one question outside the built-in analyses: attach warehouse extracts as CSV
 * (step data), let the model write and run code over them (analyse), store the files its answer cites
 * (charts: pictures become image charts), and label the answer as computed by model-written code
 * (narrate). Verification and persisting stay with the workflow.
 */
export function createInterpret(deps: {
  warehouse: Warehouse;
  edge: EdgeClient;
  codeInterpreter?: CodeInterpreter | undefined;
  step: StepFn;
}) {
  const { warehouse, edge, step } = deps;
  return async function interpret(input: {
    analysisId: string;
    question: string;
    scope: CodeScope & { seasons?: number[] };
  }): Promise<CodeAnswer> {
    const interpreter = deps.codeInterpreter;
    if (!interpreter) {
      throw ApplicationFailure.nonRetryable('code-interpreter mode needs an OpenAI key', 'NoCodeInterpreter');
    }
    const { analysisId } = input;
    const data = await step(
      analysisId,
      'data',
      () => codeDataFiles(warehouse, input.scope),
      (d) => ({ data: { files: d.files.map((f) => ({ name: f.name, rows: f.rows })) } }),
    );
    if (data.files.length === 0) {
      throw ApplicationFailure.nonRetryable('there is no data to attach for this question', 'NoData');
    }
    const run = await step(analysisId, 'analyse', () =>
      interpreter
        .run({ question: input.question, files: data.files.map(({ name, csv }) => ({ name, csv })) })
        .catch((err) => {
          throw err instanceof ModelError ? toActivityFailure(err) : err;
        }),
    );
    const stored = await step(analysisId, 'charts', async () => {
      const charts: ImageChart[] = [];
      const others: string[] = [];
      const skipped: string[] = [];
      for (const [i, file] of run.files.entries()) {
        const kind = STORABLE[file.contentType];
        if (!kind) {
          skipped.push(file.name);
          continue;
        }
        const name = storedName(i, file.name);
        await edge.putFile(analysisId, name, file.contentType, file.bytes);
        if (kind === 'data') {
          others.push(name);
          continue;
        }
        charts.push({
          id: `code-image-${i + 1}`,
          kind: 'image',
          title: `Chart drawn by model-written code: ${file.name}`.slice(0, 200),
          subtitle: 'Not one of Pit Wall’s analyses; not verified',
          alt: `A chart the model's code saved as ${file.name} while answering: ${input.question}`.slice(
            0,
            500,
          ),
          files: { [kind]: name },
        });
      }
      return { charts, others, skipped };
    });
    return step(analysisId, 'narrate', async () => {
      const answer = `${CODE_LABEL}\n\n${run.answer || 'The model gave no text answer.'}`;
      const facts: Fact[] = [
        { label: 'computed by', value: 'model-written code (OpenAI code interpreter), not verified' },
        { label: 'data files attached', value: data.files.length },
      ];
      const tables: Table[] = [
        {
          name: 'Code run by the model',
          columns: ['Step', 'Python'],
          rows: run.code.map((code, i) => [i + 1, code.slice(0, 20_000)]),
        },
        {
          name: 'Data attached',
          columns: ['File', 'Rows', 'Contents'],
          rows: data.files.map((f) => [f.name, f.rows, f.what]),
        },
      ];
      if (stored.others.length > 0) {
        tables.push({ name: 'Files the code wrote', columns: ['File'], rows: stored.others.map((n) => [n]) });
      }
      const quality = [
        {
          code: 'model_written_code',
          message:
            'Computed by Python code an OpenAI model wrote and ran over the attached data, not by Pit Wall’s tested analyses; the numbers were not verified against facts.',
        },
      ];
      if (run.code.length === 0) {
        quality.push({ code: 'no_code_run', message: 'The model ran no code for this answer.' });
      }
      if (stored.skipped.length > 0) {
        quality.push({
          code: 'files_skipped',
          message: `Files of a type Pit Wall does not store were left out: ${stored.skipped.join(', ')}.`,
        });
      }
      const sources: Source[] = [
        ...new Map(data.sources.map((s) => [`${s.name}|${s.detail}`, s])).values(),
        {
          name: 'OpenAI code interpreter',
          detail: `model ${interpreter.model}; Python written and run by the model over the attached files`,
          license: 'model output',
        },
      ];
      return {
        answer,
        facts,
        tables,
        charts: stored.charts,
        sources,
        quality,
        assistant: 'openai',
        model: interpreter.model,
        usage: run.usage,
      };
    });
  };
}
