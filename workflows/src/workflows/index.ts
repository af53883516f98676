export { analyzeQuestion } from './analyze.ts';
export { ingestRace, ingestSeason } from './ingest.ts';
