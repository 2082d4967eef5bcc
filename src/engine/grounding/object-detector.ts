import { SegmentError } from '../../protocol/errors';
import type { Pixels } from '../../protocol/types';
import { COCO_CLASSES, type CocoClass } from './coco-classes';
import { detectorInput } from './detector-input';
import { detectorPackageLoaders } from './detector-packages';

/** One detection, its box in image fractions. */
export interface Detection {
  box: [number, number, number, number];
  score: number;
  label: CocoClass;
}

export interface ObjectDetector {
  detect(image: Pixels): Promise<Detection[]>;
}

export interface DetectorOptions {
  /**
   * URL of `centernet.json` from `@vladmandic/human/models` (browsers: serve that folder, e.g.
   * `/models/centernet.json`). In Node it is found in node_modules.
   */
  modelUrl?: string;
  /** URL of `centernet.bin`, when it is not beside the JSON (e.g. a bundler's hashed asset). */
  weightsUrl?: string;
  /**
   * Browsers: the URL prefix of `@tensorflow/tfjs-backend-wasm/dist/`, or a map from each .wasm
   * file name to its URL (e.g. from a bundler's `?url` imports).
   */
  wasmPaths?: string | Record<string, string>;
}

export const DETECTOR_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-wasm',
  '@vladmandic/human',
];

const INPUT = 512;
const isNode = () =>
  typeof process !== 'undefined' && Boolean(process.versions?.node) && typeof window === 'undefined';

/** The error for a missing optional package: which one, how to add it, and the other way out. */
function missingPackage(name: string, cause: unknown): SegmentError {
  const browser = isNode()
    ? ''
    : '; in a browser the engine worker must also come from your bundler (`segmask/engine-worker`, see the README)';
  return new SegmentError(
    'ungrounded',
    `Grounding a name without a point or box needs the optional detector, and ${name} could not be loaded (npm install ${DETECTOR_PACKAGES.join(' ')}${browser}). Or add a point or a box.`,
    { cause },
  );
}

/** The optional packages, or an error that names the missing one. */
async function importTf() {
  const missing = (name: string) => (cause: unknown) => {
    throw missingPackage(name, cause);
  };
  const load = detectorPackageLoaders();
  const tf = await load.tf().catch(missing('@tensorflow/tfjs-core'));
  const converter = await load.converter().catch(missing('@tensorflow/tfjs-converter'));
  const wasm = await load.wasm().catch(missing('@tensorflow/tfjs-backend-wasm'));
  return { tf, converter, wasm };
}

interface ModelFiles {
  json: {
    modelTopology: unknown;
    format?: string;
    generatedBy?: string;
    convertedBy?: string;
    signature?: unknown;
    weightsManifest: { paths: string[]; weights: unknown[] }[];
  };
  weights: ArrayBuffer;
}

async function readModelFiles(
  modelUrl: string | undefined,
  weightsUrl: string | undefined,
): Promise<ModelFiles> {
  if (!modelUrl && isNode()) {
    // The model ships inside @vladmandic/human (models/ is not in its exports map, so find the
    // package through its main file). Specifiers are variables so that browser bundles skip them.
    const moduleName = 'node:module',
      fsName = 'node:fs/promises',
      pathName = 'node:path';
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
    const { readFile } = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
    const { dirname, join } = (await import(/* @vite-ignore */ pathName)) as typeof import('node:path');
    let main: string;
    try {
      // Joined at run time: bundlers (Turbopack) follow a literal require.resolve into the
      // package's Node build, which needs @tensorflow/tfjs-node.
      main = createRequire(import.meta.url).resolve(['@vladmandic', 'human'].join('/'));
    } catch (cause) {
      throw missingPackage('@vladmandic/human (which holds the model)', cause);
    }
    const dir = join(dirname(main), '..', 'models');
    const json = JSON.parse(await readFile(join(dir, 'centernet.json'), 'utf8')) as ModelFiles['json'];
    const bin = await readFile(join(dir, json.weightsManifest[0]!.paths[0]!));
    return {
      json,
      weights: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    };
  }
  if (!modelUrl)
    throw new SegmentError(
      'ungrounded',
      'Grounding a name in the browser needs `detector.modelUrl` (serve @vladmandic/human/models). Or add a point or a box.',
    );
  const response = await fetch(modelUrl);
  if (!response.ok)
    throw new SegmentError(
      'ungrounded',
      `The detector model at ${modelUrl} answered HTTP ${response.status}. Or add a point or a box.`,
    );
  const json = (await response.json()) as ModelFiles['json'];
  const base = new URL(modelUrl, globalThis.location?.href);
  const weightsAt = weightsUrl
    ? new URL(weightsUrl, base)
    : new URL(json.weightsManifest[0]!.paths[0]!, base);
  const weightsResponse = await fetch(weightsAt);
  if (!weightsResponse.ok)
    throw new SegmentError(
      'ungrounded',
      `The detector weights at ${weightsAt.href} answered HTTP ${weightsResponse.status}. Or add a point or a box.`,
    );
  const weights = await weightsResponse.arrayBuffer();
  return { json, weights };
}

/**
 * CenterNet (MobileNetV3) trained on COCO, as shipped in @vladmandic/human, on tfjs with the
 * wasm backend: one 512×512 pass per image. Loaded once, on first use.
 */
export async function loadCenterNet(options: DetectorOptions = {}): Promise<ObjectDetector> {
  const { tf, converter, wasm } = await importTf();
  if (options.wasmPaths) wasm.setWasmPaths(options.wasmPaths);
  // One thread, even on a cross-origin-isolated page: the threaded build starts its pthread
  // workers from a Blob of its own code, which a production build's minifier broke ("e is not
  // defined" in each, and the detector never answered). One 512×512 pass is short on one core,
  // and the learned tier's runtime wants the page's other core.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
  const { json, weights } = await readModelFiles(options.modelUrl, options.weightsUrl);
  const model = await converter.loadGraphModel({
    load: async () => ({
      modelTopology: json.modelTopology as never,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature as never,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as never,
      weightData: weights,
    }),
  });
  return {
    async detect(image) {
      const output = tf.tidy(() => {
        const input = tf.tensor4d(detectorInput(image, INPUT), [1, INPUT, INPUT, 3]);
        return model.execute(input, ['tower_0/detections']) as import('@tensorflow/tfjs-core').Tensor;
      });
      const rows = (await output.data()) as Float32Array;
      output.dispose();
      const detections: Detection[] = [];
      for (let r = 0; r + 5 < rows.length; r += 6) {
        const label = COCO_CLASSES[rows[r + 5]!];
        const score = rows[r + 4]!;
        if (!label || !(score > 0.01)) continue;
        const clamp = (v: number) => Math.min(1, Math.max(0, v / INPUT));
        detections.push({
          box: [clamp(rows[r]!), clamp(rows[r + 1]!), clamp(rows[r + 2]!), clamp(rows[r + 3]!)],
          score,
          label,
        });
      }
      return suppress(detections);
    },
  };
}

const iou = (a: Detection['box'], b: Detection['box']) => {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter || 1);
};

/** Per-class non-maximum suppression (100 rows at most: a plain loop beats a tensor op). */
export function suppress(detections: Detection[], threshold = 0.5): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...detections].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => k.label === d.label && iou(k.box, d.box) > threshold)) kept.push(d);
  }
  return kept;
}
