import type { Analysis, AnalysisStatus } from '@pitwall/db/contracts';

/** Response shapes of the routes the site calls, as documented in the HTTP API contract. */
export interface AnalysisLinks {
  self: string;
  events: string;
}
/**
 * An analysis as the API returns it. `threadId` is the conversation it belongs to (a first question's own
 * id, which its follow-ups share) and `followUpOf` the analysis it follows up; older rows may lack both.
 */
export type AnalysisView = Analysis & {
  links?: AnalysisLinks;
  threadId?: string | null;
  followUpOf?: string | null;
};
/** A conversation: its first question's id and its questions, oldest first, without their results. */
export interface ThreadView {
  threadId: string;
  items: AnalysisView[];
}
export interface AnalyzeAccepted {
  id: string;
  status: AnalysisStatus;
  links: AnalysisLinks;
}
export interface AnalysisPage {
  items: AnalysisView[];
  nextCursor: string | null;
}
export interface ListQuery {
  limit?: number;
  status?: AnalysisStatus | undefined;
  cursor?: string | null | undefined;
}
export interface ModelOption {
  id: string;
  name: string;
  description?: string;
  available: boolean;
}
export interface BatchAccepted {
  id: string;
  analyses: string[];
  links?: Record<string, string>;
}
export type BatchStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | (string & {});
export interface BatchView {
  id: string;
  status: BatchStatus;
  total: number;
  counts: Record<AnalysisStatus, number>;
  analyses: BatchItem[];
}
export type BatchItem = Pick<AnalysisView, 'id' | 'status' | 'query'> &
  Partial<Pick<AnalysisView, 'progress' | 'error' | 'createdAt' | 'updatedAt'>>;
export interface UploadView {
  id: string;
  type: string;
  format?: string;
  name: string;
  size: number;
  sha256: string;
  metadata?: Record<string, unknown> | null;
  createdAt: string;
  expiresAt?: string;
}
