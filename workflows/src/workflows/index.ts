export { analyzeQuestion } from './analyze.ts';
export { analyzeBatch } from './batch.ts';
export { ingestRace, ingestSeason } from './ingest.ts';
