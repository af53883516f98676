import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOTS = ['../../src', '../../../db/src'].map((p) => fileURLToPath(new URL(p, import.meta.url)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|json)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * A fingerprint of the code that computes answers: this package's sources and the shared db package's
 * (queries, contracts). Part of the result cache key, so a deployment that changes an analysis, a chart
 * or a narrator never serves results its predecessor computed. Read once per process (a few ms).
 */
export function codeVersion(roots: string[] = ROOTS): string {
  const hash = createHash('sha256');
  for (const root of roots) {
    const base = resolve(root);
    for (const file of sourceFiles(base).sort()) {
      hash.update(`${relative(base, file)}\0`);
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}
