// The React bundles as an app ships them: built from dist by Vite (the bundler of the README's
// first recipe), minified, each chunk gzipped, the peers left out. "First load" is the entry chunk
// and every chunk it imports statically: what the page downloads and parses before it is
// interactive. The request path (image encoding, posting, stream decoding) is a chunk the Moondream
// transport loads with import() when it first talks to its server; it counts in "total". Both
// have budgets. size-limit (package.json) checks the stylesheet and the other entries, whose
// single esbuild bundle cannot show a split.
//
//   node bench/size/first-load.mjs     (after npm run build; `npm run size` runs both)
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

// Budgets in kB. The typical app's first load has the goal of issue 23 as its budget; the others
// sit just above today's sizes, so that nothing grows unseen.
const CHECKS = [
  {
    name: 'typical app: SegmentProvider, SegmentCanvas, MaskOverlay, useSegment, createMoondreamSegmenter',
    entry: 'bench/size/typical-app.js',
    firstKb: 15,
    totalKb: 19.9,
  },
  {
    name: 'all of segmask/react + the Moondream transport',
    entry: 'bench/size/react-app.js',
    firstKb: 14.6,
    totalKb: 21,
  },
  {
    name: 'the same without the Toolbar (tree-shaken when not imported)',
    entry: 'bench/size/react-app-without-toolbar.js',
    firstKb: 13.6,
    totalKb: 20,
  },
];

const PEERS = [/^react($|\/|-dom)/, /^zustand($|\/)/, /^@tanstack\//];

async function chunksOf(entry) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      // An app build (lib mode would keep whitespace); the entry keeps its exports, as an app's
      // own modules use them.
      rollupOptions: { input: entry, external: PEERS, preserveEntrySignatures: 'exports-only' },
    },
  });
  const output = (Array.isArray(result) ? result[0] : result).output;
  return new Map(output.filter((o) => o.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
}

function firstLoadOf(chunks) {
  const first = new Set();
  const visit = (name) => {
    if (first.has(name) || !chunks.has(name)) return;
    first.add(name);
    for (const imported of chunks.get(name).imports) visit(imported);
  };
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
  return first;
}

const kb = (bytes) => (bytes / 1000).toFixed(2);
let failed = false;
for (const check of CHECKS) {
  const chunks = await chunksOf(check.entry);
  const first = firstLoadOf(chunks);
  let firstBytes = 0;
  let totalBytes = 0;
  for (const [name, chunk] of chunks) {
    const gzipped = gzipSync(chunk.code, { level: 9 }).length;
    totalBytes += gzipped;
    if (first.has(name)) firstBytes += gzipped;
  }
  const over = firstBytes > check.firstKb * 1000 || totalBytes > check.totalKb * 1000;
  failed ||= over;
  console.log(
    `${over ? '✗' : '✓'} ${check.name}\n    first load ${kb(firstBytes)} kB (budget ${check.firstKb}), ` +
      `with the request path ${kb(totalBytes)} kB (budget ${check.totalKb}); ${chunks.size} chunks`,
  );
}
if (failed) {
  console.error('A React bundle is over its budget: find what grew, or say in docs/ why it must.');
  process.exit(1);
}
