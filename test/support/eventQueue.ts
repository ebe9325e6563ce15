// A queue of messages (helper events, DAP events) that tests wait on. Messages
// that arrive before anyone waits are kept; each wait takes the oldest matching
// message that no earlier wait took, so a test never misses an event that came
// early. Every message stays in `history` for tests that look at all of them.
import { waitTimeoutMs } from './timeouts';

interface Waiter<T> {
  matches: (message: T) => boolean;
  resolve: (message: T) => void;
  fail: (why: string) => void;
}

export class EventQueue<T> {
  readonly history: T[] = [];
  private readonly unclaimed: T[] = [];
  private readonly waiters = new Set<Waiter<T>>();
  private closedReason: string | undefined;

  push(message: T): void {
    this.history.push(message);
    for (const waiter of this.waiters) {
      if (waiter.matches(message)) {
        waiter.resolve(message);
        return;
      }
    }
    this.unclaimed.push(message);
  }

  /** No more messages will come: pending and later waits that find nothing fail at once. */
  close(reason: string): void {
    this.closedReason = reason;
    for (const waiter of [...this.waiters]) waiter.fail(reason);
  }

  /** Waits for the first unclaimed message that matches; fails after timeoutMs. */
  waitFor(matches: (message: T) => boolean, what: string, timeoutMs = waitTimeoutMs): Promise<T> {
    const index = this.unclaimed.findIndex(matches);
    if (index >= 0) return Promise.resolve(this.unclaimed.splice(index, 1)[0]);
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter<T> = {
        matches,
        resolve: (message) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          resolve(message);
        },
        fail: (why) => {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          const seen = this.history
            .slice(-8)
            .map((message) => JSON.stringify(message))
            .join('\n  ');
          reject(new Error(`${why} while waiting for ${what}; last messages:\n  ${seen}`));
        },
      };
      if (this.closedReason !== undefined) {
        waiter.fail(this.closedReason);
        return;
      }
      timer = setTimeout(() => waiter.fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Messages that no wait took yet (for checking that something did NOT happen). */
  pending(): readonly T[] {
    return this.unclaimed;
  }
}
