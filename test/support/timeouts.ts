// Time limits for tests: generous so a slow machine passes, bounded so a hung
// product fails instead of hanging the run, and the bound itself
// (withTimeout). No timing target lives here.
export const waitTimeoutMs = 10_000;
export const testTimeoutMs = 60_000;
/** How long processes get to disappear after their owner is killed or closed. */
export const cleanupTimeoutMs = 5_000;

/** `promise`, or a rejection naming `what` when it takes longer than `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no response within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
