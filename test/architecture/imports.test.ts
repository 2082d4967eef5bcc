import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph, type ImportGraph } from '../helpers/import-graph';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const graph = readImportGraph(src);
const folder = (module: string) => module.split('/')[0]!;

/** Which top folders of src/ each folder may import (besides itself): imports run one way. */
const MAY_IMPORT: Record<string, string[]> = {
  protocol: [],
  util: ['protocol'],
  geometry: ['protocol', 'util'],
  image: ['protocol', 'util', 'geometry'],
  export: ['protocol', 'util', 'geometry', 'image'],
  transport: ['protocol', 'util', 'geometry', 'image'],
  engine: ['protocol', 'util', 'geometry', 'image', 'export', 'transport'],
  react: ['protocol', 'util', 'geometry', 'image', 'export', 'transport'],
  server: ['protocol', 'util', 'geometry', 'image', 'export', 'transport', 'engine'],
  cli: ['protocol', 'util', 'geometry', 'image', 'export', 'transport', 'engine', 'server'],
};

describe('the import graph of src/', () => {
  it('is read: the engine entry reaches the runtime and the algorithm', () => {
    expect(graph.get('engine/index.ts')).toContain('engine/runtime/create-local-segmenter.ts');
    expect(graph.get('engine/runtime/in-process-segmenter.ts')).toContain(
      'engine/algorithm/run-segmentation.ts',
    );
  });

  it('has no import circle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('imports run one way between the layers', () => {
    const wrong: string[] = [];
    for (const [module, targets] of graph) {
      const allowed = MAY_IMPORT[folder(module)];
      if (!allowed) continue; // src/index.ts and other top-level files
      for (const target of targets) {
        const to = folder(target);
        if (to !== folder(module) && !allowed.includes(to)) wrong.push(`${module} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the algorithm imports nothing from the runtime', () => {
    const wrong = [...graph]
      .filter(([module]) => module.startsWith('engine/algorithm/'))
      .flatMap(([module, targets]) =>
        targets.filter((t) => t.startsWith('engine/runtime/')).map((t) => `${module} → ${t}`),
      );
    expect(wrong).toEqual([]);
  });

  it('the browser entries never reach the Node image codec (codec.ts loads it by URL in Node only)', () => {
    const reached = new Set<string>();
    const visit = (module: string) => {
      if (reached.has(module)) return;
      reached.add(module);
      for (const target of graph.get(module) ?? []) visit(target);
    };
    for (const entry of ['index.ts', 'react/index.ts']) visit(entry);
    expect(reached).toContain('image/codec.ts');
    expect([...reached].filter((m) => ['image/node-codec.ts', 'image/jpeg-turbo.ts'].includes(m))).toEqual(
      [],
    );
  });

  it('findCycles finds a circle, however long, and only circles', () => {
    const circle: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
          ['c.ts', ['b.ts']],
        ]),
      ),
    ).toEqual([]);
  });
});
