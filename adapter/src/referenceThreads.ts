// ReferenceThreads: which thread each variables reference of the current stop
// belongs to. The helper's references carry no thread, but some requests
// about a variable need one (a data breakpoint on a local must know whose
// stack frame holds it). Scopes name the thread of their frame; children
// inherit their parent's. Emptied whenever the program resumes or stops.

export class ReferenceThreads {
  private readonly threads = new Map<number, number>();

  /** Notes that `ref` (when it is one: 0 is "no children") belongs to thread `tid`. */
  remember(ref: number, tid: number | undefined): void {
    if (ref > 0 && tid !== undefined) this.threads.set(ref, tid);
  }

  /** The thread of `ref`, when known. */
  threadOf(ref: number): number | undefined {
    return this.threads.get(ref);
  }

  reset(): void {
    this.threads.clear();
  }
}
