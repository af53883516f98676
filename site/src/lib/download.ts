import { api } from './api.ts';

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoking synchronously can cancel the download in some browsers.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** Saves an analysis file via fetch, since the file endpoint needs the bearer header. */
export async function downloadFile(analysisId: string, name: string): Promise<void> {
  saveBlob(await api.fetchFile(analysisId, name), name);
}
