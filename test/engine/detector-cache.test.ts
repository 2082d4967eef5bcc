import { describe, expect, it, vi } from 'vitest';
import { loadDetector } from '../../src/engine/runtime/detector-cache';

// Record which options the model is loaded with (the real load needs the optional packages).
const loads = vi.hoisted(() => ({ options: [] as object[], fail: false }));
vi.mock('../../src/engine/grounding/object-detector', () => ({
  loadCenterNet: async (options: object) => {
    loads.options.push(options);
    if (loads.fail) throw new Error('no model here');
    return { detect: async () => [], options };
  },
}));

describe('loadDetector: one detector per thread and per options', () => {
  it('segmenters with other options get their own detector; the same options share one', async () => {
    const a = await loadDetector({ modelUrl: '/a/centernet.json' });
    const b = await loadDetector({ modelUrl: '/b/centernet.json', wasmPaths: { 'x.wasm': '/x.wasm' } });
    const again = await loadDetector({ wasmPaths: { 'x.wasm': '/x.wasm' }, modelUrl: '/b/centernet.json' });
    expect(a).not.toBe(b);
    expect(again).toBe(b); // the same options in another order
    expect(loads.options).toEqual([
      { modelUrl: '/a/centernet.json' },
      { modelUrl: '/b/centernet.json', wasmPaths: { 'x.wasm': '/x.wasm' } },
    ]);
  });

  it('a failed load is tried again on the next request', async () => {
    loads.fail = true;
    await expect(loadDetector({ modelUrl: '/c.json' })).rejects.toThrow('no model here');
    loads.fail = false;
    await expect(loadDetector({ modelUrl: '/c.json' })).resolves.toBeDefined();
    expect(loads.options.filter((o) => JSON.stringify(o) === '{"modelUrl":"/c.json"}')).toHaveLength(2);
  });
});
