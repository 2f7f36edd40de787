export interface HttpWait {
  /** Stop waiting after this many milliseconds. */
  timeoutMs: number;
  /** Which status counts as ready (default: 200). */
  accept?: (status: number) => boolean;
  /** Checked before each try: true stops the wait (the server died). */
  gaveUp?: () => boolean;
  /** Pause between tries (default 100 ms). */
  intervalMs?: number;
}

/**
 * Polls `url` until it answers with an accepted status. Returns whether it did and, when not, the
 * last thing it saw (`HTTP 502`, a connection error, `no response`) for the message. The one HTTP
 * readiness wait: the dev loop and the e2e servers (e2e/support/servers.ts) use it.
 */
export async function pollHttp(url: string, wait: HttpWait): Promise<{ answered: boolean; last: string }> {
  const { timeoutMs, accept = (status: number) => status === 200, gaveUp = () => false, intervalMs = 100 } = wait;
  const deadline = Date.now() + timeoutMs;
  let last = 'no response';
  while (Date.now() < deadline && !gaveUp()) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (accept(res.status)) return { answered: true, last: `HTTP ${res.status}` };
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message; // not listening yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return { answered: false, last };
}

/** Polls `url` until it answers 200; false when `timeoutMs` passes or `gaveUp()` says stop. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<boolean> {
  return (await pollHttp(url, { timeoutMs, gaveUp })).answered;
}
