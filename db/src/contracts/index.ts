export * from './analysis.ts';
export * from './auth.ts';
export * from './batches.ts';
export * from './charts.ts';
export * from './data-flags.ts';
export * from './errors.ts';
export * from './f1.ts';
export * from './internal.ts';
