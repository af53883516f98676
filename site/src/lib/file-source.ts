import { getContext, setContext } from 'svelte';
import { api } from './api.ts';

/** Fetches one stored file of the analysis on show (a chart's picture, its SVG or PNG to download). */
export type FileSource = (analysisId: string, name: string) => Promise<Blob>;

const KEY = Symbol('file-source');

/**
 * Where the result on this page reads its files: the owner's file route by default; a shared link's page
 * sets its own, which needs no account.
 */
export const setFileSource = (source: FileSource) => setContext(KEY, source);

/** The page's file source; call while a component initialises. */
export const fileSource = (): FileSource =>
  getContext<FileSource | undefined>(KEY) ?? ((id, name) => api.fetchFile(id, name));
