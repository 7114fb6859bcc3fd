/** A message the person typed while the agent worked, not yet delivered. */
export interface QueuedSteer {
  id: string;
  prompt: string;
}

/**
 * Codex's steer: messages typed during a turn wait here and go to the model at the turn's next request; what is
 * still queued when the turn ends becomes the next prompt, so nothing typed is lost.
 */
export class SteeringQueue {
  private queued: QueuedSteer[] = [];
  private next = 0;

  add(prompt: string): QueuedSteer {
    const steer = { id: `steer-${++this.next}`, prompt };
    this.queued.push(steer);
    return steer;
  }

  /** Take a message back before it is delivered; false when it already went. */
  remove(id: string): boolean {
    const before = this.queued.length;
    this.queued = this.queued.filter((s) => s.id !== id);
    return this.queued.length < before;
  }

  /** Everything queued, oldest first, and the queue empty. */
  take(): QueuedSteer[] {
    const taken = this.queued;
    this.queued = [];
    return taken;
  }

  get size(): number {
    return this.queued.length;
  }
}
