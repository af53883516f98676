export { type ActivityDeps, type AnalyzeActivities, createAnalyzeActivities } from './analyze.ts';
