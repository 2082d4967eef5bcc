import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MagicString from 'magic-string';
import { defineConfig, type Plugin } from 'vite';
import dts from 'vite-plugin-dts';
import pkg from './package.json' with { type: 'json' };

// Two passes (`npm run build`): the default mode writes every entry as ESM with its bundled
// types; `--mode commonjs` adds `.cjs` files and `.d.cts` types for the entries that make sense
// under `require` (Node, Jest; the worker entry for bundlers that pick `require`), and the Node
// image codec those load. The default worker, the Node worker thread and the CLI are ESM only.
const ESM_ENTRIES = {
  index: 'src/index.ts',
  react: 'src/react/index.ts',
  engine: 'src/engine/index.ts',
  server: 'src/server/index.ts',
  cli: 'src/cli/index.ts',
  'engine-thread': 'src/engine/runtime/node/engine-thread.ts',
  'engine-pool': 'src/engine/runtime/node/engine-pool.ts',
  'engine-worker': 'src/engine/runtime/web-worker/detector.worker.ts',
  'learned-worker': 'src/engine/runtime/web-worker/learned.worker.ts',
  'learned-webgpu-worker': 'src/engine/runtime/web-worker/learned-webgpu.worker.ts',
  'default-worker': 'src/engine/runtime/web-worker/engine.worker.ts',
  // Loaded by a computed URL from the image codec in Node only (src/image/codec.ts).
  'node-codec': 'src/image/node-codec.ts',
};
const TYPED_ENTRIES = [
  'index',
  'react',
  'engine',
  'server',
  'engine-worker',
  'learned-worker',
  'learned-webgpu-worker',
] as const;
const CJS_ENTRIES = [...TYPED_ENTRIES, 'node-codec'] as const;

const external = [
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.peerDependencies),
  /^node:/,
  /^zustand\//,
  /^@tanstack\//,
  /^@tensorflow\//,
  /^onnxruntime-web\//,
  /^react(-dom)?\//,
];

/**
 * Modules that run only once a request is made (encoding the image, posting, decoding the stream).
 * The Moondream transport loads them with `import()`; they are kept in a chunk of their own here,
 * because an app's bundler can only leave out of its first load what sits in separate files.
 */
const REQUEST_PATH =
  /\/src\/(image\/(encode|load|codec|sniff|base64|pixels|pixel-limit)|protocol\/wire|transport\/(capabilities|moondream-(body|response|requests)|post-with-retry|prepare-image|retry|sse-\w+|decode-stream|stream-error))\.ts$/;

/** What the request path shares with the first load: its own chunk, or it would join the group. */
const PROTOCOL_CORE = /\/src\/protocol\/(errors|describe-value|collect)\.ts$/;
const CHUNK_GROUPS = [
  { name: 'protocol', test: PROTOCOL_CORE, priority: 2 },
  { name: 'request-path', test: REQUEST_PATH, priority: 1 },
];

const SPAWN_SOURCE = "new URL('./engine.worker.ts', import.meta.url)";
// Not a string literal, so Vite's worker plugin passes it by; restored in the output.
const SPAWN_MARKED = "new URL(String('./default-worker.js'), import.meta.url)";

/**
 * The default worker's construction goes into dist exactly as bundlers recognise it. Vite would
 * otherwise bundle the worker here and write a hashed asset URL, which webpack and Turbopack
 * then treat as a plain file (the worker never starts); so the source is pointed at
 * dist/default-worker.js in a form Vite passes by, and the literal is written back in the output.
 */
function engineWorkerAsWritten(): Plugin {
  return {
    name: 'segmask:engine-worker-as-written',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/web-worker/spawn-engine-worker.ts')) return null;
      const at = code.indexOf(SPAWN_SOURCE);
      if (at < 0) this.error(`${id} no longer contains ${SPAWN_SOURCE}`);
      return withMap(new MagicString(code).overwrite(at, at + SPAWN_SOURCE.length, SPAWN_MARKED));
    },
    renderChunk(code) {
      const marked = /String\((["'])\.\/default-worker\.js\1\)/g;
      const out = new MagicString(code);
      for (const match of code.matchAll(marked))
        out.overwrite(match.index, match.index + match[0].length, '"./default-worker.js"');
      return out.hasChanged() ? withMap(out) : null;
    },
  };
}

/**
 * `"use client"` on the React entry, so a Server Component can render its components (Next.js
 * App Router); bundlers drop module-level directives, so it is written on the chunk.
 */
function useClientOnReactEntry(): Plugin {
  return {
    name: 'segmask:use-client',
    renderChunk(code, chunk) {
      return chunk.isEntry && chunk.name === 'react'
        ? withMap(new MagicString(code).prepend('"use client";\n'))
        : null;
    },
  };
}

const withMap = (s: MagicString) => ({ code: s.toString(), map: s.generateMap({ hires: true }) });

/** The look as a stylesheet the app imports once (`segmask/styles.css`), copied as written. */
function stylesheet(): Plugin {
  return {
    name: 'segmask:styles.css',
    closeBundle() {
      copyFileSync('src/react/styles.css', 'dist/styles.css');
    },
  };
}

/** Each entry's bundled `.d.ts`, copied as `.d.cts` for `require` (the same declarations). */
function commonJsTypes(): Plugin {
  return {
    name: 'segmask:d-cts',
    closeBundle() {
      for (const entry of TYPED_ENTRIES) copyFileSync(`dist/${entry}.d.ts`, `dist/${entry}.d.cts`);
    },
  };
}

// A library is always built for production: a build run with NODE_ENV=test (npm pack from inside
// Vitest) would otherwise write React's dev-only jsxDEV calls into dist. Vite reads it after this.
process.env.NODE_ENV = 'production';

export default defineConfig(({ mode }) => {
  const commonjs = mode === 'commonjs';
  return {
    base: './',
    plugins: [
      engineWorkerAsWritten(),
      useClientOnReactEntry(),
      ...(commonjs
        ? [commonJsTypes()]
        : [
            stylesheet(),
            dts({
              include: ['src'],
              entryRoot: 'src',
              rollupTypes: true,
              // Types only for the entries in the exports map; the rest are internal files.
              afterBuild: () => keepOnlyEntryTypes(),
            }),
          ]),
    ],
    build: {
      outDir: 'dist',
      emptyOutDir: !commonjs,
      sourcemap: true,
      minify: false,
      target: 'es2022',
      lib: {
        entry: commonjs ? Object.fromEntries(CJS_ENTRIES.map((e) => [e, ESM_ENTRIES[e]])) : ESM_ENTRIES,
        formats: [commonjs ? 'cjs' : 'es'],
        fileName: (_format, entry) => `${entry}.${commonjs ? 'cjs' : 'js'}`,
      },
      rollupOptions: {
        external,

        ...(!commonjs && { output: { codeSplitting: { groups: CHUNK_GROUPS } } }),
        // CommonJS has no import.meta: the module's own URL from __filename (Node, Jest).
        ...(commonjs && {
          transform: { define: { 'import.meta.url': '__segmaskModuleUrl' } },
          output: { intro: 'const __segmaskModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
        }),
      },
    },
  };
});

function keepOnlyEntryTypes() {
  const keep = new Set(TYPED_ENTRIES.map((e) => `${e}.d.ts`));
  for (const name of readdirSync('dist')) {
    if (name.endsWith('.d.ts') && !keep.has(name)) rmSync(join('dist', name));
  }
  // The worker entries have no exports; their modules still need types (bundler, node16, nodenext).
  for (const worker of [
    'dist/engine-worker.d.ts',
    'dist/learned-worker.d.ts',
    'dist/learned-webgpu-worker.d.ts',
  ])
    if (!readFileSync(worker, 'utf8').includes('export')) writeFileSync(worker, 'export {};\n');
  for (const entry of TYPED_ENTRIES) referenceNodeTypesWhereUsed(`dist/${entry}.d.ts`);
}

const NODE_TYPES_REFERENCE = '/// <reference types="node" />\n';
/**
 * Types that import Node's modules say so themselves, as DefinitelyTyped's Node-facing packages
 * do: TypeScript 6 no longer loads every installed `@types/*` (`types` defaults to `[]`), so
 * without the reference `node:http` is unknown to an app that has `@types/node` installed.
 */
function referenceNodeTypesWhereUsed(file: string) {
  const types = readFileSync(file, 'utf8');
  if (/from ['"]node:/.test(types) && !types.startsWith(NODE_TYPES_REFERENCE))
    writeFileSync(file, NODE_TYPES_REFERENCE + types);
}
