/**
 * Polls `condition` every 25 ms until it holds: true then, false once `ms` passed or `stop()`
 * says to give up (the watched process exited). For tests that wait on another process.
 */
export async function until(condition: () => boolean, ms: number, stop: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline || stop()) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
