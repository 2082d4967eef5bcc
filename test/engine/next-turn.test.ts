import { afterEach, describe, expect, it, vi } from 'vitest';

// Each case imports a fresh copy: the module picks its way to take a turn on first use.
async function freshNextTurn() {
  vi.resetModules();
  return (await import('../../src/engine/runtime/next-turn')).nextTurn;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('nextTurn', () => {
  it('in Node takes a setImmediate turn, never a (clamped) timeout', async () => {
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const immediate = vi.spyOn(globalThis, 'setImmediate');
    const nextTurn = await freshNextTurn();
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(immediate).toHaveBeenCalledTimes(20);
    expect(timeout).not.toHaveBeenCalled();
  });

  it('without setImmediate (browsers, Web Workers) takes MessageChannel turns, never a timeout', async () => {
    vi.stubGlobal('setImmediate', undefined);
    const timeout = vi.spyOn(globalThis, 'setTimeout');
    const channels = vi.spyOn(globalThis, 'MessageChannel');
    const nextTurn = await freshNextTurn();
    for (let i = 0; i < 20; i++) await nextTurn();
    expect(channels).toHaveBeenCalledTimes(1); // one channel, made on first use
    expect(timeout).not.toHaveBeenCalled();
  });

  it('lets a message that is already waiting run first (a cancel reaches the engine)', async () => {
    vi.stubGlobal('setImmediate', undefined);
    const nextTurn = await freshNextTurn();
    let cancelled = false;
    const inbox = new MessageChannel();
    inbox.port1.onmessage = () => (cancelled = true);
    inbox.port2.postMessage('cancel');
    await nextTurn();
    await nextTurn();
    expect(cancelled).toBe(true);
    inbox.port1.close();
  });
});
