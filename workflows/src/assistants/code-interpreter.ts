import type OpenAI from 'openai';
import { toFile } from 'openai';
import { z } from 'zod';
import { modelCall } from './model-errors.ts';
import { readResponse, textOf, tokensOf } from './openai-responses.ts';
import { type PriceTable, usageOf } from './pricing.ts';
import { CODE_INTERPRETER_PROMPT } from './prompts.ts';
import type { Usage } from './registry.ts';

/**
 * Code-interpreter mode: for questions our analyses do not cover, the model writes and runs Python in an
 * OpenAI container over CSV extracts we attach. Its figures come from code it wrote, not from our
 * analyses, so the caller must present them as such (the code run is returned for that) and cannot
 * verify them against facts.
 */
export const CodeInterpreterInputSchema = z.object({
  question: z.string().min(3).max(500),
  files: z
    .array(
      z.object({ name: z.string().regex(/^[\w.-]{1,80}\.csv$/, 'a CSV file name'), csv: z.string().min(1) }),
    )
    .max(10),
});
export type CodeInterpreterInput = z.infer<typeof CodeInterpreterInputSchema>;
export type GeneratedFile = { name: string; contentType: string; bytes: Uint8Array };
export type CodeInterpreterResult = { answer: string; files: GeneratedFile[]; usage: Usage; code: string[] };
export type CodeInterpreterDeps = {
  client: OpenAI;
  model: string;
  prices: PriceTable;
  now?: () => number;
  /** Files larger than this are skipped rather than stored. */
  maxFileBytes?: number;
};

const Citation = z.object({
  type: z.literal('container_file_citation'),
  container_id: z.string(),
  file_id: z.string(),
  filename: z.string(),
});
const Message = z.object({
  type: z.literal('message'),
  content: z.array(z.looseObject({ annotations: z.array(z.looseObject({ type: z.string() })).optional() })),
});
const CodeCall = z.object({ type: z.literal('code_interpreter_call'), code: z.string().nullish() });
const Uploaded = z.object({ id: z.string() });

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  csv: 'text/csv',
  json: 'application/json',
  txt: 'text/plain',
};

/** Containers serve files as octet-stream; the cited name says what they are. */
function contentTypeOf(name: string, served: string | null): string {
  const known = TYPES[name.split('.').pop()?.toLowerCase() ?? ''];
  if (known) return known;
  return served && !served.startsWith('application/octet-stream') ? served : 'application/octet-stream';
}

const safeName = (filename: string) =>
  (filename.split('/').pop() ?? 'file').replace(/[^\w.-]/g, '_') || 'file';

/**
 * Uploads the CSVs, asks the model with the code_interpreter tool, downloads every container file its
 * answer cites, and deletes the uploads again.
 */
export async function runCodeInterpreter(
  input: CodeInterpreterInput,
  deps: CodeInterpreterDeps,
): Promise<CodeInterpreterResult> {
  const { question, files } = CodeInterpreterInputSchema.parse(input);
  const { client, now } = deps;
  const call = <T>(fn: () => Promise<T>) => modelCall('OpenAI', fn, now);
  const uploaded: string[] = [];
  try {
    for (const f of files) {
      const file = await toFile(Buffer.from(f.csv, 'utf8'), f.name, { type: 'text/csv' });
      uploaded.push(Uploaded.parse(await call(() => client.files.create({ file, purpose: 'user_data' }))).id);
    }
    const response = readResponse(
      await call(() =>
        client.responses.create({
          model: deps.model,
          instructions: CODE_INTERPRETER_PROMPT,
          input: question,
          tools: [{ type: 'code_interpreter', container: { type: 'auto', file_ids: uploaded } }],
        }),
      ),
    );
    const citations = response.output
      .flatMap((item) => Message.safeParse(item).data?.content ?? [])
      .flatMap((part) => part.annotations ?? [])
      .flatMap((a) => Citation.safeParse(a).data ?? []);
    const unique = [...new Map(citations.map((c) => [c.file_id, c])).values()];
    const generated: GeneratedFile[] = [];
    for (const c of unique) {
      const res = await call(() =>
        client.containers.files.content.retrieve(c.file_id, { container_id: c.container_id }),
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.byteLength > (deps.maxFileBytes ?? 10_000_000)) continue;
      const name = safeName(c.filename);
      generated.push({ name, contentType: contentTypeOf(name, res.headers.get('content-type')), bytes });
    }
    const code = response.output.flatMap((item) => CodeCall.safeParse(item).data?.code ?? []);
    const answer = textOf(response).trim();
    return { answer, files: generated, usage: usageOf(deps.model, [tokensOf(response)], deps.prices), code };
  } finally {
    // The uploads served this one question; a failed delete only leaves a file that OpenAI stores.
    await Promise.allSettled(uploaded.map((id) => client.files.delete(id)));
  }
}
