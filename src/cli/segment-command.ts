import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { SegmentError } from '../protocol/errors';
import type { SegmentResult, Segmenter, SpatialRef } from '../protocol/types';
import { toWireResult } from '../protocol/wire';
import { sniffImage } from '../image/sniff';
import { rasterizePath } from '../geometry/rasterize';
import { toCocoDataset, type CocoImageEntry } from '../export/coco-dataset';
import { maskToCutout } from '../export/cutout';
import { maskToPng } from '../export/png';
import { toYoloSegmentation } from '../export/yolo';
import { resultsToSvg } from '../export/svg';
import { createMoondreamSegmenter } from '../transport/moondream';
import { createEnginePool } from '../engine/runtime/node/engine-pool';
import { createProgressBar } from './progress-bar';
import { parseCommandArgs } from './args';
import { expandInputs, outputPaths } from './inputs';

export const SEGMENT_USAGE = `segmask segment <images or folders...> --object <name> [--box x0,y0,x1,y1] [--point x,y]
                [--format json|svg|png|coco|cutout|yolo] [--out dir] [--recursive] [--endpoint URL]
  Segments each image and writes <image file name>.<format> into --out (default: the current
  folder), e.g. plane.jpg.json, so plane.jpg and plane.png keep both; two inputs that would
  write the same file are refused before any work; files from an earlier run are replaced.
  A folder stands for the .jpg/.jpeg/.png files in it (--recursive: and in its subfolders).
  coco writes one annotations.json for all images; cutout writes <image>.cutout.png (the object
  on transparency, cropped to it); yolo writes <image stem>.txt (YOLO segmentation, class 0:
  Ultralytics pairs labels with images by stem). Boxes and points are fractions of the image
  (0..1), or pixels when any number is above 1. Several --box/--point combine.
  Uses the offline engine, or Moondream when MOONDREAM_API_KEY or --endpoint is set.`;

export type OutputFormat = 'json' | 'svg' | 'png' | 'coco' | 'cutout' | 'yolo';
const FORMATS: readonly OutputFormat[] = ['json', 'svg', 'png', 'coco', 'cutout', 'yolo'];

function parseNumbers(text: string, count: number, flag: string): number[] {
  const numbers = text.split(',').map(Number);
  if (numbers.length !== count || numbers.some((n) => !Number.isFinite(n))) {
    throw new SegmentError(
      'invalid_input',
      `--${flag} takes ${count} comma-separated numbers, got "${text}".`,
      { param: flag },
    );
  }
  return numbers;
}

/** Pixel refs (any number above 1) become fractions of this image. */
function refsFor(boxes: number[][], points: number[][], width: number, height: number): SpatialRef[] {
  const pixels = [...boxes, ...points].some((ref) => ref.some((n) => n > 1));
  const scale = (ref: number[]) => (pixels ? ref.map((n, i) => n / (i % 2 === 0 ? width : height)) : ref);
  return [
    ...boxes.map((b) => scale(b) as [number, number, number, number]),
    ...points.map((p) => scale(p) as [number, number]),
  ];
}

/** YOLO label files are named by the image's stem (a.jpg → a.txt), as training tools pair them. */
function yoloPaths(files: string[], out: string): string[] {
  const outputs = files.map((file) => join(out, `${basename(file, extname(file))}.txt`));
  const seen = new Map<string, string>();
  outputs.forEach((output, i) => {
    const other = seen.get(output);
    if (other !== undefined)
      throw new SegmentError(
        'invalid_input',
        `${other} and ${files[i]} would both write ${output}; segment them into different --out folders.`,
        { param: 'image' },
      );
    seen.set(output, files[i]!);
  });
  return outputs;
}

export interface SegmentCommandOutcome {
  written: string[];
  failed: { image: string; code: string; message: string }[];
}

export async function segmentCommand(
  args: string[],
  log: (line: string) => void = console.log,
): Promise<SegmentCommandOutcome> {
  const { values, positionals } = parseCommandArgs(
    'segmask segment',
    args,
    {
      object: { type: 'string' },
      box: { type: 'string', multiple: true },
      point: { type: 'string', multiple: true },
      format: { type: 'string', default: 'json' },
      out: { type: 'string', default: '.' },
      endpoint: { type: 'string' },
      recursive: { type: 'boolean', short: 'r', default: false },
    },
    true,
  );
  if (values.help) {
    log(SEGMENT_USAGE);
    return { written: [], failed: [] };
  }
  const format = values.format as OutputFormat;
  if (!FORMATS.includes(format))
    throw new SegmentError(
      'invalid_input',
      `--format must be one of ${FORMATS.join(', ')}, not "${format}".`,
      {
        param: 'format',
      },
    );
  if (positionals.length === 0)
    throw new SegmentError('invalid_input', `Name at least one image.\n${SEGMENT_USAGE}`, { param: 'image' });
  if (!values.object)
    throw new SegmentError('invalid_input', `--object is required (the name of what to segment).`, {
      param: 'object',
    });
  const boxes = (values.box ?? []).map((b) => parseNumbers(b, 4, 'box'));
  const points = (values.point ?? []).map((p) => parseNumbers(p, 2, 'point'));
  const files = await expandInputs(positionals, values.recursive);
  const outputs =
    format === 'coco'
      ? []
      : format === 'yolo'
        ? yoloPaths(files, values.out)
        : outputPaths(files, values.out, format === 'cutout' ? 'cutout.png' : format);

  const apiKey = process.env.MOONDREAM_API_KEY;
  const pool = apiKey || values.endpoint ? undefined : createEnginePool();
  const segmenter: Segmenter = pool ?? createMoondreamSegmenter({ apiKey, endpoint: values.endpoint });
  await mkdir(values.out, { recursive: true });
  const progress = createProgressBar(files.length);
  const outcome: SegmentCommandOutcome = { written: [], failed: [] };
  const cocoImages: (CocoImageEntry & { index: number })[] = [];

  async function one(file: string, index: number) {
    try {
      const bytes = new Uint8Array(await readFile(file));
      const info = sniffImage(bytes);
      if (!info) throw new SegmentError('invalid_input', 'not a JPEG or PNG', { param: 'image' });
      const result: SegmentResult = await segmenter.segment({
        image: bytes,
        object: values.object!,
        spatialRefs: refsFor(boxes, points, info.width, info.height),
      });
      const output = outputs[index]!;
      if (format === 'json')
        await write(
          output,
          JSON.stringify(
            {
              image: file,
              width: info.width,
              height: info.height,
              ...toWireResult({ type: 'final', ...result }),
            },
            null,
            2,
          ),
        );
      else if (format === 'svg')
        await write(
          output,
          resultsToSvg(
            [{ path: result.path, bbox: result.bbox, label: values.object }],
            info.width,
            info.height,
          ),
        );
      else if (format === 'cutout')
        await write(output, await maskToCutout(bytes, { path: result.path, bbox: result.bbox }));
      else if (format === 'yolo')
        await write(
          output,
          toYoloSegmentation([{ label: values.object!, path: result.path, bbox: result.bbox }], {
            [values.object!]: 0,
          }),
        );
      else if (format === 'png')
        await write(
          output,
          await maskToPng(
            rasterizePath(result.path, result.bbox, info.width, info.height),
            info.width,
            info.height,
          ),
        );
      else
        cocoImages.push({
          index,
          fileName: basename(file),
          width: info.width,
          height: info.height,
          objects: [{ label: values.object!, path: result.path, bbox: result.bbox }],
        });
      progress.tick(basename(file), 'ok');
    } catch (error) {
      const e =
        error instanceof SegmentError
          ? error
          : new SegmentError('invalid_input', String((error as Error).message ?? error));
      outcome.failed.push({ image: file, code: e.code, message: e.message });
      progress.tick(basename(file), `${e.code}: ${e.message}`);
    }
  }
  async function write(path: string, data: string | Uint8Array) {
    await writeFile(path, data);
    outcome.written.push(path);
  }

  try {
    // All images are in flight at once: the pool runs as many as it has threads, in order.
    await Promise.all(files.map(one));
    if (format === 'coco') {
      cocoImages.sort((a, b) => a.index - b.index); // in the order given, whatever finished first
      await write(join(values.out, 'annotations.json'), JSON.stringify(toCocoDataset(cocoImages)));
    }
  } finally {
    await pool?.destroy();
  }
  log(
    `segmask: ${files.length - outcome.failed.length} of ${files.length} segmented; wrote ${outcome.written.length} file(s) to ${values.out}`,
  );
  return outcome;
}
