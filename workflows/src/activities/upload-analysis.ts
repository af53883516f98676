import type { Plan } from '@pitwall/db/contracts';
import { normalize } from '@pitwall/db/text';
import { ApplicationFailure } from '@temporalio/activity';
import type { AnalysisOutput } from '../analyses/types.ts';
import { uploadedClassification, uploadedLapsAnalysis } from '../analyses/uploaded.ts';
import type { EdgeClient } from '../edge-client.ts';
import { TooLarge } from '../edge-client.ts';
import type { Catalog } from '../entities/catalog.ts';
import { parseUploadTable, UPLOAD_LIMITS, UploadDataError, type UploadTable } from '../uploads/parse.ts';

type PlannedUpload = NonNullable<Plan['upload']>;

const badUpload = (upload: { name: string }, message: string) =>
  ApplicationFailure.nonRetryable(`the upload “${upload.name}” cannot be analysed: ${message}`, 'BadUpload');

/**
 * Fetches the analysis's upload through the edge (which serves only the upload the analysis was
 * submitted with, and only its owner's) and reads it as a table. Bad content fails the analysis with a
 * message for the user, never a retry.
 */
export async function readUploadTable(
  edge: EdgeClient,
  analysisId: string,
  upload: PlannedUpload,
): Promise<UploadTable> {
  const meta = await edge.upload(analysisId, upload.id);
  let content: string;
  try {
    content = await edge.uploadContent(analysisId, upload.id, UPLOAD_LIMITS.maxBytes);
  } catch (err) {
    if (err instanceof TooLarge) throw badUpload(upload, `it is larger than ${UPLOAD_LIMITS.maxBytes} bytes`);
    throw err;
  }
  try {
    return parseUploadTable(content, meta.format, meta.type);
  } catch (err) {
    if (err instanceof UploadDataError) throw badUpload(upload, err.message);
    throw err;
  }
}

/** The upload's own driver names that stand for the plan's driver refs; fails naming who is missing. */
function focusOf(plan: Plan, names: string[], catalog: Catalog): string[] {
  const entries = [...catalog.drivers.values()];
  const focus: string[] = [];
  for (const ref of plan.drivers) {
    const entry = entries.find((d) => d.ref === ref);
    const aliases = new Set(
      [ref, entry?.code, entry?.name, entry?.name.split(' ').at(-1)].flatMap((a) =>
        a ? [normalize(a)] : [],
      ),
    );
    const matched = names.filter(
      (n) => aliases.has(normalize(n)) || aliases.has(normalize(n).replace(/\s+/g, '_')),
    );
    if (matched.length === 0) {
      throw ApplicationFailure.nonRetryable(
        `the upload has no rows for ${entry?.name ?? ref}; its drivers are ${names.slice(0, 30).join(', ')}`,
        'NoData',
      );
    }
    focus.push(...matched);
  }
  return [...new Set(focus)];
}

/** Runs the plan's analysis over the uploaded table. */
export function analyseUpload(plan: Plan, table: UploadTable, catalog: Catalog): AnalysisOutput {
  const upload = plan.upload as PlannedUpload;
  const label = plan.raceName ?? `uploaded “${upload.name}”`;
  if (table.type === 'results') {
    if (plan.intent !== 'race_winner')
      throw badUpload(upload, `a results table cannot answer ${plan.intent}`);
    return uploadedClassification({ upload, label, season: plan.season, results: table.rows });
  }
  if (plan.intent !== 'race_pace' && plan.intent !== 'lap_times') {
    throw badUpload(upload, `a laps table cannot answer ${plan.intent}`);
  }
  const names = [...new Set(table.rows.map((l) => l.driver))];
  return uploadedLapsAnalysis({
    intent: plan.intent,
    upload,
    label,
    season: plan.season,
    laps: table.rows,
    focus: focusOf(plan, names, catalog),
    ...(plan.fuelCorrected ? { fuelCorrected: true } : {}),
  });
}
