import { join } from 'node:path';
import { warehouseCounts } from '@pitwall/db/queries/warehouse';
import { warehouseConfig } from '../config.ts';
import { importErgast } from '../loaders/ergast-csv.ts';
import { openWarehouse } from '../warehouse.ts';

/** `pnpm data import` loads the staged F1 data; `pnpm data status` says what the warehouse holds. */
async function main(command = 'status') {
  const config = warehouseConfig();
  const { db, close } = await openWarehouse(config.PITWALL_WAREHOUSE_URL);
  try {
    if (command === 'import' || command === 'ensure') {
      const counts = await warehouseCounts(db);
      if (command === 'ensure' && counts.results > 0) {
        console.log(`warehouse ready: ${counts.races} races, ${counts.results} results`);
        return;
      }
      const started = performance.now();
      const files = 6;
      let done = 0;
      await importErgast(db, join(config.PITWALL_F1DATA, 'ergast'), ({ file, rows, skipped }) => {
        done += 1;
        const bar = '█'.repeat(done * 4).padEnd(files * 4, '░');
        console.log(`${bar} ${done}/${files} ergast/${file}: ${rows} rows${skipped ? ' (unchanged)' : ''}`);
      });
      console.log(`imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    console.log(JSON.stringify(await warehouseCounts(db)));
  } finally {
    close();
  }
}

main(process.argv[2]).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
