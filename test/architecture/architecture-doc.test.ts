import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));
const doc = readFileSync(fileURLToPath(new URL('../../docs/architecture.md', import.meta.url)), 'utf8');

/** Every file name under src/, without its folders. */
const sourceFiles = new Set(
  (readdirSync(src, { recursive: true }) as string[]).map((path) => path.split(/[\\/]/).pop()!),
);

describe('docs/architecture.md', () => {
  it('names only source files that exist (its tree and its text follow the code)', () => {
    const named = [...doc.matchAll(/[\w.-]+\.tsx?\b/g)].map(([name]) => name.split('/').pop()!);
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => !sourceFiles.has(name) && !name.endsWith('.test.ts'))).toEqual([]);
  });
});
