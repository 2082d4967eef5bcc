import { describe, expect, it } from 'vitest';
import { createAdmissionQueue } from '../../src/util/admission-queue';
import { SegmentError } from '../../src/protocol/errors';

describe('createAdmissionQueue', () => {
  it('admits waiters in order, handing each the value given', async () => {
    const queue = createAdmissionQueue<string>();
    expect(queue.admitNext('nobody')).toBe(false);
    const first = queue.wait();
    const second = queue.wait();
    expect(queue.length).toBe(2);
    expect(queue.admitNext('a')).toBe(true);
    expect(queue.admitNext('b')).toBe(true);
    expect(await first).toBe('a');
    expect(await second).toBe('b');
    expect(queue.length).toBe(0);
  });

  it('a waiter whose signal aborts leaves the line with an aborted SegmentError; the next one is admitted', async () => {
    const queue = createAdmissionQueue<number>();
    const controller = new AbortController();
    const leaving = queue.wait(controller.signal);
    const staying = queue.wait();
    controller.abort('gone');
    const error = await leaving.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmentError);
    expect((error as SegmentError).code).toBe('aborted');
    expect((error as SegmentError).cause).toBe('gone');
    expect(queue.length).toBe(1);
    queue.admitNext(7);
    expect(await staying).toBe(7);
  });

  it('an already aborted signal never joins the line', async () => {
    const queue = createAdmissionQueue();
    const error = await queue.wait(AbortSignal.abort()).catch((e: SegmentError) => e);
    expect((error as SegmentError).code).toBe('aborted');
    expect(queue.length).toBe(0);
  });

  it('rejectAll empties the line with the given error', async () => {
    const queue = createAdmissionQueue();
    const waits = [queue.wait(), queue.wait()].map((p) => p.catch((e: unknown) => e));
    const reason = new Error('closing');
    queue.rejectAll(reason);
    expect(await Promise.all(waits)).toEqual([reason, reason]);
    expect(queue.length).toBe(0);
  });
});
