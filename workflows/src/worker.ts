import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createAnalyzeActivities } from './activities/index.ts';
import { createRegistry } from './assistants/registry.ts';
import { loadConfig } from './config.ts';
import { createEdgeClient } from './edge-client.ts';
import { openWarehouse } from './warehouse.ts';

/** The Node Temporal worker: runs analysis workflows and their activities on one task queue. */
async function main() {
  const config = loadConfig();
  const warehouse = await openWarehouse(config.PITWALL_WAREHOUSE_URL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowsPath: fileURLToPath(new URL('./workflows/index.ts', import.meta.url)),
    activities: createAnalyzeActivities({
      warehouse: warehouse.db,
      edge: createEdgeClient({
        baseUrl: config.PITWALL_EDGE_URL,
        serviceToken: config.PITWALL_SERVICE_TOKEN,
      }),
      registry: createRegistry(),
      killAfterStep: config.PITWALL_FAULT_KILL_AFTER,
    }),
  });
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${config.TEMPORAL_ADDRESS}`);
  await worker.run();
  await connection.close();
  warehouse.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
