/**
 * What this proves: our handling of code-interpreter mode over real HTTP against a scripted server — CSVs
 * uploaded through the Files API, the code_interpreter tool declared with their file ids, container files
 * cited in the answer downloaded and returned, uploads deleted afterwards. The answer is scripted, so
 * nothing here measures a model's intelligence.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCodeInterpreter } from '../../src/assistants/code-interpreter.ts';
import { ModelUnavailable } from '../../src/assistants/model-errors.ts';
import { createOpenAIClient } from '../../src/assistants/openai-responses.ts';
import {
  apiError,
  message,
  response,
  type ScriptedOpenAI,
  startScriptedOpenAI,
} from '../support/scripted-openai.ts';

let server: ScriptedOpenAI;
beforeEach(async () => {
  server = await startScriptedOpenAI();
});
afterEach(() => server.close());

const deps = () => ({
  client: createOpenAIClient({ apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 2_000 }),
  model: 'test-model',
  prices: { 'test-model': { input: 1, output: 10 } },
});
const CSV = 'driver,lap,ms\nVER,1,81234\nNOR,1,81450\n';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const citation = {
  type: 'container_file_citation',
  container_id: 'cntr_1',
  file_id: 'cfile_9',
  filename: 'pace.png',
  start_index: 0,
  end_index: 8,
};

describe('runCodeInterpreter', () => {
  it('uploads the CSVs, declares the tool with their ids, downloads the cited file and cleans up', async () => {
    const code = "import pandas as pd\ndf = pd.read_csv('/mnt/data/laps.csv')";
    server.enqueue(
      'responses',
      response(
        [
          {
            type: 'code_interpreter_call',
            id: 'ci_1',
            code,
            container_id: 'cntr_1',
            outputs: null,
            status: 'completed',
          },
          message('Chart saved as pace.png.', [citation, citation]),
        ],
        { input: 1_000, output: 200 },
      ),
    );
    server.enqueue('container-file', { raw: PNG, headers: { 'content-type': 'application/octet-stream' } });

    const result = await runCodeInterpreter(
      { question: 'Plot lap 1 times', files: [{ name: 'laps.csv', csv: CSV }] },
      deps(),
    );

    expect(result.answer).toBe('Chart saved as pace.png.');
    expect(result.files).toEqual([{ name: 'pace.png', contentType: 'image/png', bytes: PNG }]);
    expect(result.code).toEqual([code]);
    expect(result.usage).toEqual({ inputTokens: 1_000, outputTokens: 200, costUsd: (1_000 + 2_000) / 1e6 });

    const [upload] = server.requests('files');
    expect(upload?.text).toContain('filename="laps.csv"');
    expect(upload?.text).toContain(CSV);
    expect(upload?.text).toMatch(/name="purpose"\r\n\r\nuser_data/);
    const [ask] = server.requests('responses');
    expect(ask?.body.tools).toEqual([
      { type: 'code_interpreter', container: { type: 'auto', file_ids: ['file-1'] } },
    ]);
    expect(ask?.body.input).toBe('Plot lap 1 times');
    expect(server.requests('container-file').map((r) => r.path)).toEqual([
      '/v1/containers/cntr_1/files/cfile_9/content',
    ]);
    expect(server.requests('file-delete').map((r) => r.path)).toEqual(['/v1/files/file-1']);
  });

  it('deletes the uploads when the model call fails', async () => {
    server.enqueue('responses', apiError(503, 'overloaded'));
    await expect(
      runCodeInterpreter({ question: 'Plot lap 1 times', files: [{ name: 'laps.csv', csv: CSV }] }, deps()),
    ).rejects.toBeInstanceOf(ModelUnavailable);
    expect(server.requests('file-delete')).toHaveLength(1);
  });

  it('refuses file names that are not plain CSV names', async () => {
    await expect(
      runCodeInterpreter({ question: 'Plot it', files: [{ name: '../etc/passwd', csv: 'x' }] }, deps()),
    ).rejects.toThrow(/CSV file name/);
    expect(server.requests()).toHaveLength(0);
  });
});
