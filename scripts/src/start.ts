import { resolve } from 'node:path';
import { REPO_ROOT } from './services.ts';
import { startStack } from './stack.ts';

/**
 * `scripts/start`: runs Pit Wall locally until Ctrl-C.
 *   PITWALL_PORT (8787)  PITWALL_DATA_DIR (.data)  TEMPORAL_PORT (7233)  TEMPORAL_HTTP_PORT (7243)
 *   TEMPORAL_UI_PORT (8233)
 */
const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > 65535)
    throw new Error(`${name} must be a port number`);
  return value;
};

async function main() {
  const started = performance.now();
  console.log('Starting Pit Wall…');
  const stack = await startStack({
    dataDir: resolve(REPO_ROOT, process.env.PITWALL_DATA_DIR ?? '.data'),
    apiPort: port('PITWALL_PORT', 8787),
    temporalPort: port('TEMPORAL_PORT', 7233),
    temporalHttpPort: port('TEMPORAL_HTTP_PORT', 7243),
    temporalUiPort: port('TEMPORAL_UI_PORT', 8233),
    echo: process.env.PITWALL_QUIET !== '1',
    publish: true,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n  Pit Wall is running (ready in ${seconds} s)\n`);
  console.log(`  Site and API   ${stack.urls.api}`);
  console.log(`  Temporal UI    ${stack.urls.temporalUi}`);
  console.log(`  Data           ${stack.dataDir}\n`);
  console.log('  Ctrl-C stops everything.\n');
  void stack.published?.then(
    (summary) => console.log(`  Data bundles published: ${summary.replace(/^.*?\d+s /, '')}`),
    (err) => console.error(`  Data bundles were not published: ${err instanceof Error ? err.message : err}`),
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A child that dies on its own takes the stack down: a half-running Pit Wall would only mislead.
  for (const service of [stack.services.temporal, stack.services.edge, stack.worker].filter(
    (s) => s !== undefined,
  )) {
    void service.exited.then(async (code) => {
      if (stopping) return;
      console.error(`${service.name} exited (${code}); see ${service.logFile}`);
      await shutdown();
    });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
