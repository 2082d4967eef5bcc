import { SegmentError, abortedError } from '../../../protocol/errors';
import { createAdmissionQueue } from '../../../util/admission-queue';
import type { EngineOptions } from '../engine-options';
import { startEngineThread, type EngineThreadSlot } from './engine-thread-slot';

/** The pool's threads: started on demand up to `size`, taken one request at a time, in order. */
export interface ThreadSlots {
  /**
   * A free thread for one request (waiting in line if none); hand it back with `release`.
   * `prefer`: a thread to take when it is free (the one holding the image's embedding).
   */
  acquire(signal?: AbortSignal, prefer?: EngineThreadSlot): Promise<EngineThreadSlot>;
  release(slot: EngineThreadSlot): void;
  /** The thread with the least to do (running or parsing), for work that needs no turn. */
  leastLoaded(): EngineThreadSlot;
  stats(): { running: number; waiting: number; cancelled: number };
  /** Ends every thread; requests running or waiting end with `aborted`. */
  endAll(): Promise<void>;
  /** Refuses every later request for good. */
  close(): void;
}

export function createThreadSlots(engineOptions: EngineOptions, size: number): ThreadSlots {
  const slots: EngineThreadSlot[] = [];
  const queue = createAdmissionQueue<EngineThreadSlot>();
  let cancelled = 0;
  let closed = false;
  const hooks = {
    onCancel: () => cancelled++,
    onExit(slot: EngineThreadSlot) {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1); // a crashed thread is replaced on the next request
    },
  };
  const refuseIfClosed = () => {
    if (closed) throw new SegmentError('server_error', 'The engine pool was destroyed.');
  };

  function take(slot: EngineThreadSlot): EngineThreadSlot {
    slot.busy = true;
    slot.worker.ref(); // a busy pool keeps the process alive until its answers are out
    return slot;
  }

  function start(): EngineThreadSlot {
    const slot = startEngineThread(engineOptions, hooks);
    slots.push(slot);
    return slot;
  }

  return {
    async acquire(signal, prefer) {
      refuseIfClosed();
      const preferred = prefer && !prefer.busy && slots.includes(prefer) ? prefer : undefined;
      const free = preferred ?? slots.find((slot) => !slot.busy);
      if (free) return take(free);
      if (slots.length < size) return take(start());
      return queue.wait(signal); // handed over busy by release()
    },
    release(slot) {
      if (slots.includes(slot)) {
        if (queue.admitNext(slot)) return;
        slot.busy = false;
        if (slot.parsing === 0) slot.worker.unref();
      } else if (queue.length > 0 && !closed) {
        queue.admitNext(take(start())); // the thread died: the next in line gets a new one
      }
    },
    leastLoaded() {
      refuseIfClosed();
      const load = (slot: EngineThreadSlot) => slot.parsing + (slot.busy ? 1 : 0);
      const best = slots.reduce<EngineThreadSlot | undefined>(
        (min, slot) => (!min || load(slot) < load(min) ? slot : min),
        undefined,
      );
      return best && (load(best) === 0 || slots.length >= size) ? best : start();
    },
    stats: () => ({ running: slots.filter((slot) => slot.busy).length, waiting: queue.length, cancelled }),
    async endAll() {
      queue.rejectAll(abortedError('The engine was disposed.'));
      await Promise.all(slots.splice(0).map((slot) => slot.end()));
    },
    close() {
      closed = true;
    },
  };
}
