// The one event a device may have pending (a disk transfer's completion, a timer's deadline, an
// RTC alarm). The device keeps the due cycle in its state, so a snapshot carries it; this object
// keeps the queue handle that goes with it, so that arming, disarming and restoring are one call.
import type { EventHandler, EventQueue } from '../time/index.ts';

export class PendingEvent {
  private handle = -1;

  constructor(
    private readonly queue: EventQueue,
    private readonly handler: EventHandler,
  ) {}

  /** Schedules the event at cycle `time`, replacing any pending one; a negative time leaves none. */
  set(time: number): void {
    this.cancel();
    if (time >= 0) this.handle = this.queue.schedule(time, this.handler, 0);
  }

  cancel(): void {
    if (this.handle >= 0) this.queue.cancel(this.handle);
    this.handle = -1;
  }

  /** The handler calls this when the event fires: nothing is pending any more. */
  fired(): void {
    this.handle = -1;
  }
}
