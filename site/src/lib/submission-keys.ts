/**
 * One Idempotency-Key per submission until it is answered. The same request sent again before an answer
 * arrived (a double click, a retry after a network error or a server error) carries the same key, so the
 * API stores it once; once the API has answered, asking the same again is a new submission.
 */
export function submissionKeys(newKey: () => string = () => crypto.randomUUID()) {
  const open = new Map<string, string>();
  return {
    /** The key of this request: the open one for the same request, or a new one. */
    keyFor(request: string): string {
      let key = open.get(request);
      if (!key) {
        key = newKey();
        open.set(request, key);
      }
      return key;
    },
    /**
     * Called with the HTTP status of the answer, or 0 when none arrived. A 5xx may have stored the
     * submission before failing, so it is retried under the same key, as a request that never arrived is.
     */
    settle(request: string, status: number) {
      if (status > 0 && status < 500) open.delete(request);
    },
  };
}
