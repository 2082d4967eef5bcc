import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * How far below the process's other threads an engine thread runs (a nice value, 0..19). At 10
 * the scheduler gives a nice-0 thread about nine times the CPU of this one when both want it.
 */
export const ENGINE_THREAD_NICENESS = 10;

/**
 * Lowers the calling thread's scheduling priority below the event loop's, so that on a busy
 * machine a server's main thread (health probes, uploads, 429s) gets the CPU first when it wakes
 * and the engine threads take what it leaves: its work is small, so their throughput is kept.
 * Before this, two engine threads at the main thread's priority made `/health` wait behind graph
 * cuts (p99 in the hundreds of ms on 2 cores). Threads started from here (onnxruntime's) inherit
 * it. Linux only: there a thread id names one thread (`/proc/thread-self`); elsewhere the same
 * call would lower the whole process, so it is left alone. Returns the thread id, or null.
 */
export function yieldToEventLoop(niceness = ENGINE_THREAD_NICENESS): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid === process.pid) return null; // the main thread: never
    setPriority(tid, niceness);
    return tid;
  } catch {
    return null; // no /proc (a sandbox): the thread runs at the process's priority, as before
  }
}
