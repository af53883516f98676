import { fileURLToPath } from 'node:url';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBatchActivities } from './activities/batch.ts';
import { createAnalyzeActivities } from './activities/index.ts';
import { createIngestActivities } from './activities/ingest.ts';
import { createPublishActivities } from './activities/publish.ts';
import { createResultCacheActivities } from './activities/result-cache.ts';
import { createSeasonWideActivities } from './activities/season-wide.ts';
import { createAssistants, createCodeInterpreter, loadLlmConfig } from './assistants/index.ts';
import { createRegistry } from './assistants/registry.ts';
import { loadConfig } from './config.ts';
import { createEdgeClient } from './edge-client.ts';
import { ensureRaceLoaded } from './loaders/ensure-race.ts';
import { createDataApis } from './loaders/http/apis.ts';
import { createDiskCache } from './loaders/http/cache.ts';
import { httpConfig } from './loaders/http/config.ts';
import { currentRequestId } from './observability/context.ts';
import { temporalLogger } from './observability/logger.ts';
import { createObservability } from './observability/setup.ts';
import { countingCache, observeRegistry } from './observability/wrappers.ts';
import { queryCatalog } from './query/catalog-document.ts';
import { codeVersion } from './result-cache/code-version.ts';
import { startHealthServer } from './service/health.ts';
import { shutdownOptions } from './service/shutdown.ts';
import { temporalConnectionOptions } from './temporal-connection.ts';
import { limitActivities, loadTuning, workerSlots } from './tuning.ts';
import { openWarehouse } from './warehouse.ts';

/** The Node Temporal worker: runs analysis, batch and ingest workflows and their activities on one task queue. */
async function main() {
  const config = loadConfig();
  const tuning = loadTuning();
  const limits = tuning.PITWALL_ACTIVITY_LIMITS;
  // JSON log lines from the SDK too; installed before the first connection, as the SDK requires.
  Runtime.install({ logger: temporalLogger() });
  const edge = createEdgeClient({
    baseUrl: config.PITWALL_EDGE_URL,
    serviceToken: config.PITWALL_SERVICE_TOKEN,
    requestId: currentRequestId,
  });
  const observability = createObservability({ send: edge.metrics });
  const llm = loadLlmConfig();
  const registry = observeRegistry(createRegistry(createAssistants(llm)), observability.reporter);
  const runCode = createCodeInterpreter(llm);
  const warehouse = await openWarehouse(config.PITWALL_WAREHOUSE_URL, {
    authToken: config.PITWALL_WAREHOUSE_AUTH_TOKEN,
  });
  // One set of API clients per process: their rate limits are per client.
  const http = httpConfig();
  const apis = createDataApis(http, {
    cache: countingCache('http', createDiskCache(http.PITWALL_HTTP_CACHE_DIR), observability.reporter),
  });
  const loadRace = async (season: number, round: number) => {
    const report = await ensureRaceLoaded(warehouse.db, { season, round }, { jolpica: apis.jolpica });
    return { season, round, fetched: report.fetched };
  };
  const loadCalendar = async (season: number) =>
    (await apis.jolpica.seasonRaces(season)).map((race) => Number(race.round));

  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
    ...shutdownOptions(config),
    interceptors: observability.interceptors,
    sinks: observability.sinks,
    ...workerSlots(tuning),
    activities: {
      ...limitActivities(
        createAnalyzeActivities({
          warehouse: warehouse.db,
          edge,
          registry,
          loadRace,
          killAfterStep: config.PITWALL_FAULT_KILL_AFTER,
          codeInterpreter:
            runCode && llm.openai ? { model: llm.openai.codeInterpreterModel, run: runCode } : undefined,
        }),
        limits.analyze,
      ),
      ...limitActivities(createSeasonWideActivities({ warehouse: warehouse.db, edge }), limits.seasonWide),
      ...limitActivities(
        createResultCacheActivities({
          warehouse: warehouse.db,
          edge,
          registry,
          reporter: observability.reporter,
          codeVersion: codeVersion(),
        }),
        limits.resultCache,
      ),
      ...limitActivities(
        createBatchActivities({
          edge,
          edgeUrl: config.PITWALL_EDGE_URL,
          serviceToken: config.PITWALL_SERVICE_TOKEN,
        }),
        limits.batch,
      ),
      ...limitActivities(
        createIngestActivities({ warehouse: warehouse.db, loadRace, loadCalendar }),
        limits.ingest,
      ),
      ...limitActivities(createPublishActivities({ warehouse: warehouse.db, edge }), limits.publish),
    },
  });
  // The edge lists the assistants this compute plane offers (GET /api/models); keep it current.
  const publishModels = () =>
    registry
      .list()
      .then((items) => edge.putModels(items))
      .catch((err) => console.error(`could not publish the model list: ${err}`));
  void publishModels();
  void edge.putCatalog(queryCatalog()).catch((err) => console.error(`could not publish the catalog: ${err}`));
  setInterval(publishModels, 5 * 60_000).unref();
  const health =
    config.PITWALL_HEALTH_PORT === undefined
      ? undefined
      : await startHealthServer({
          port: config.PITWALL_HEALTH_PORT,
          host: config.PITWALL_HEALTH_HOST,
          state: () => worker.getState(),
        });
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  await worker.run();
  health?.close();
  await observability.reporter.close();
  await connection.close();
  warehouse.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
