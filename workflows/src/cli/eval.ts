import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { latestResults } from '@pitwall/db/queries/warehouse';
import { z } from 'zod';
import { warehouseConfig } from '../config.ts';
import { importAll } from '../loaders/import-all.ts';
import { EvalItem, type EvalOutcome, evaluate } from '../query/evaluate.ts';
import { openWarehouse } from '../warehouse.ts';

/**
 * `pnpm eval <questions.json>`: runs each question through the builtin parser and the executor over the
 * local warehouse (no services) and scores the answer against the tokens a right answer must hold.
 * Prints, per family, right / asked back / declined / wrong, then every wrong one.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { verbose: { type: 'boolean', short: 'v' } },
});
const file = positionals[0];
if (!file) {
  console.error('usage: pnpm eval <questions.json> [--verbose]');
  process.exit(2);
}
// `pnpm eval` runs in this package's folder; the path is the caller's, as typed.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
const items = z.array(EvalItem).parse(JSON.parse(readFileSync(path, 'utf8')));
const { db, close } = await openWarehouse(warehouseConfig().PITWALL_WAREHOUSE_URL);
if (!(await latestResults(db))) await importAll(db, warehouseConfig().PITWALL_F1DATA);
const rows = await evaluate(db, items);
close();
type Outcome = EvalOutcome;

const families = [...new Set(rows.map((r) => r.item.family))].sort();
const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(
  `${pad('family', 16)}${pad('right', 7)}${pad('asked', 7)}${pad('declined', 10)}${pad('wrong', 7)}`,
);
for (const family of families) {
  const of = rows.filter((r) => r.item.family === family);
  const count = (o: Outcome) => of.filter((r) => r.outcome === o).length;
  console.log(
    `${pad(family, 16)}${pad(count('right'), 7)}${pad(count('asked back'), 7)}${pad(count('declined'), 10)}${pad(count('wrong'), 7)}`,
  );
}
const misses = rows.filter((r) => r.outcome !== 'right');
if (misses.length) console.log('\nNot right:');
for (const r of misses)
  console.log(
    `- [${r.outcome}] ${r.item.after ? `${[r.item.after].flat().join(' → ')} → ` : ''}${r.item.q}\n    expected ${JSON.stringify(r.item.expect ?? 'no answer')}\n    said: ${r.said.slice(0, values.verbose ? 2000 : 400)}`,
  );
const right = rows.filter((r) => r.outcome === 'right').length;
const answeredRejects = rows.filter((r) => r.item.reject && r.outcome === 'wrong').length;
const contradicting = rows.filter((r) => !r.item.reject && r.outcome === 'wrong').length;
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
const inText = rows.filter((r) => r.inText).length;
const answered = rows.filter((r) => r.outcome === 'right' && !r.item.reject).length;
console.log(`\nright answers whose own sentences hold every expected token: ${inText} of ${answered}`);
console.log(
  `\nmust-not-answer answered: ${answeredRejects}; succeeded answers that contradict the data: ${contradicting}`,
);
console.log(
  `median ${ms[Math.floor(ms.length / 2)]?.toFixed(0)} ms per question, slowest ${ms.at(-1)?.toFixed(0)} ms`,
);
console.log(`right ${right} of ${rows.length} (${((100 * right) / rows.length).toFixed(1)}%)`);
