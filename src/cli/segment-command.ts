import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SegmentError } from '../protocol/errors';
import type { Segmenter } from '../protocol/types';
import { sniffImage } from '../image/sniff';
import { toCocoDataset, type CocoImageEntry } from '../export/coco-dataset';
import { createMoondreamSegmenter } from '../transport/moondream';
import { createEnginePool, type EnginePool } from '../engine/runtime/node/engine-pool';
import { modelChoiceOf } from '../engine/runtime/engine-choice';
import { createProgressBar } from './progress-bar';
import { expandInputs, outputPaths, yoloPaths } from './inputs';
import { resultFile, type SegmentedImage } from './result-file';
import { readSegmentOptions, refsFor, SEGMENT_USAGE, type SegmentOptions } from './segment-options';

export { SEGMENT_USAGE, type OutputFormat } from './segment-options';

export interface SegmentCommandOutcome {
  written: string[];
  failed: { image: string; code: string; message: string }[];
}

/** Where each input's result goes (coco: one file for all, written at the end). */
function outputsOf(options: SegmentOptions, files: string[]): string[] {
  const { format, out } = options;
  if (format === 'coco') return [];
  if (format === 'yolo') return yoloPaths(files, out);
  return outputPaths(files, out, format === 'cutout' ? 'cutout.png' : format);
}

/** Reads and segments one image file; a typed error for anything that is not a JPEG or PNG. */
async function segmentFile(
  segmenter: Segmenter,
  file: string,
  options: SegmentOptions,
): Promise<SegmentedImage> {
  const bytes = new Uint8Array(await readFile(file));
  const info = sniffImage(bytes);
  if (!info) throw new SegmentError('invalid_input', 'not a JPEG or PNG', { param: 'image' });
  const result = await segmenter.segment({
    image: bytes,
    object: options.object,
    spatialRefs: refsFor(options.boxes, options.points, info.width, info.height),
  });
  return { file, bytes, width: info.width, height: info.height, object: options.object, result };
}

const asSegmentError = (error: unknown) =>
  error instanceof SegmentError
    ? error
    : new SegmentError('invalid_input', String((error as Error).message ?? error));

/**
 * Moondream (a key in MOONDREAM_API_KEY, or `--endpoint`), else the offline engine on a pool of
 * threads, which the command ends when it is done.
 */
function segmenterOf(options: SegmentOptions): { segmenter: Segmenter; pool?: EnginePool } {
  const apiKey = process.env.MOONDREAM_API_KEY;
  if (apiKey || options.endpoint)
    return { segmenter: createMoondreamSegmenter({ apiKey, endpoint: options.endpoint }) };
  const pool = createEnginePool({ model: modelChoiceOf(options.engine) });
  return { segmenter: pool, pool };
}

/**
 * `segmask segment`. One piece on purpose: `one` reports into the outcome, the progress bar and
 * the COCO list that the end of the command writes and logs; split, they would all be passed
 * around together.
 */
export async function segmentCommand(
  args: string[],
  log: (line: string) => void = console.log,
): Promise<SegmentCommandOutcome> {
  const options = readSegmentOptions(args);
  if (!options) {
    log(SEGMENT_USAGE);
    return { written: [], failed: [] };
  }
  const { format, out } = options;
  const files = await expandInputs(options.images, options.recursive);
  const outputs = outputsOf(options, files); // collisions refused before any work
  const { segmenter, pool } = segmenterOf(options);
  await mkdir(out, { recursive: true });
  const progress = createProgressBar(files.length);
  const outcome: SegmentCommandOutcome = { written: [], failed: [] };
  const cocoImages: (CocoImageEntry & { index: number })[] = [];
  async function write(path: string, data: string | Uint8Array) {
    await writeFile(path, data);
    outcome.written.push(path);
  }
  async function one(file: string, index: number) {
    try {
      const image = await segmentFile(segmenter, file, options!);
      if (format !== 'coco') await write(outputs[index]!, await resultFile(format, image));
      else {
        const { width, height, result } = image;
        const objects = [{ label: image.object, path: result.path, bbox: result.bbox }];
        cocoImages.push({ index, fileName: basename(file), width, height, objects });
      }
      progress.tick(basename(file), 'ok');
    } catch (error) {
      const e = asSegmentError(error);
      outcome.failed.push({ image: file, code: e.code, message: e.message });
      progress.tick(basename(file), `${e.code}: ${e.message}`);
    }
  }
  try {
    // All images are in flight at once: the pool runs as many as it has threads, in order.
    await Promise.all(files.map(one));
    if (format === 'coco') {
      cocoImages.sort((a, b) => a.index - b.index); // in the order given, whatever finished first
      await write(join(out, 'annotations.json'), JSON.stringify(toCocoDataset(cocoImages)));
    }
  } finally {
    await pool?.destroy();
  }
  log(
    `segmask: ${files.length - outcome.failed.length} of ${files.length} segmented; wrote ${outcome.written.length} file(s) to ${out}`,
  );
  return outcome;
}
