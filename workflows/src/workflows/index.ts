export { analyzeQuestion } from './analyze.ts';
