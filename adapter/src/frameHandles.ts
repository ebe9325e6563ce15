// FrameHandles: the table behind DAP stack frame ids. A frame id stands for
// (thread, frame index) in the current stop only; the table is emptied on
// every resume and stop, and ids are never reused within a session, so a
// stale id from an earlier stop is recognised instead of naming a wrong frame.

export interface FrameLocation {
  tid: number;
  frameIndex: number;
}

const largestId = 0x7fffffff;

export class FrameHandles {
  private nextId = 1;
  private readonly locations = new Map<number, FrameLocation>();
  private readonly idsByThread = new Map<number, Map<number, number>>();

  /** The id of frame `frameIndex` of thread `tid`, the same one each time within a stop. */
  idFor(tid: number, frameIndex: number): number {
    let ids = this.idsByThread.get(tid);
    if (!ids) this.idsByThread.set(tid, (ids = new Map()));
    let id = ids.get(frameIndex);
    if (id === undefined) {
      id = this.nextId++;
      ids.set(frameIndex, id);
      this.locations.set(id, { tid, frameIndex });
    }
    return id;
  }

  /** Where a frame id points, or undefined when it is unknown or from an earlier stop. */
  get(id: number): FrameLocation | undefined {
    return this.locations.get(id);
  }

  /** Forgets every frame (the program resumed or stopped again). */
  reset(): void {
    if (this.locations.size === 0) return;
    this.locations.clear();
    this.idsByThread.clear();
    if (this.nextId > largestId - 1_000_000) this.nextId = 1;
  }
}
