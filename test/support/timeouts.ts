// Time limits for tests: generous so a slow machine passes, bounded so a hung
// product fails instead of hanging the run. No timing target lives here.
export const waitTimeoutMs = 10_000;
export const testTimeoutMs = 60_000;
/** How long processes get to disappear after their owner is killed or closed. */
export const cleanupTimeoutMs = 5_000;
