/** The tasks ready to start, by position in the task list: among ready tasks, file order decides. */
export class ReadyQueue {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  add(i: number): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.items[mid] < i) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, i);
  }

  /** The first ready task in file order, taken off the queue. */
  take(): number | undefined {
    return this.items.shift();
  }

  remove(i: number): void {
    const at = this.items.indexOf(i);
    if (at >= 0) this.items.splice(at, 1);
  }
}
