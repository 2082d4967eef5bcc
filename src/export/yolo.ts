/**
 * YOLO segmentation labels (Ultralytics' format): one `.txt` per image, one line per object,
 * `class x1 y1 x2 y2 ...` with coordinates normalized to the image (0..1).
 */
import { SegmentError } from '../protocol/errors';
import type { Bbox } from '../protocol/types';
import { pathToImage } from '../geometry/bbox';
import { flattenPath, ringArea } from '../geometry/flatten';
import { parsePath } from '../geometry/path-parser';
import { flattenBudget } from '../geometry/limits';

/** One object: a result's bbox-relative path and bbox, and its label. */
export interface YoloObject {
  label: string;
  path: string;
  bbox: Bbox;
}

/** One parsed label line: the class and its polygon, normalized, as `[x1, y1, x2, y2, ...]`. */
export interface YoloLabel {
  classId: number;
  polygon: number[];
}

const squared = (r: Float64Array, i: number, s: Float64Array, j: number) =>
  (r[i]! - s[j]!) ** 2 + (r[i + 1]! - s[j + 1]!) ** 2;

/** The vertex of `ring` nearest to the point (x, y), as an index into its coordinates. */
function nearestVertex(ring: Float64Array, point: Float64Array, at: number): number {
  let best = 0;
  for (let i = 2; i < ring.length; i += 2)
    if (squared(ring, i, point, at) < squared(ring, best, point, at)) best = i;
  return best;
}

/** The ring's vertices from index `start` round to it again (closing on the start vertex). */
function loopFrom(ring: Float64Array, start: number, out: number[]) {
  for (let k = 0; k <= ring.length; k += 2) {
    const i = (start + k) % ring.length;
    out.push(ring[i]!, ring[i + 1]!);
  }
}

/**
 * Several rings as one polygon, since a YOLO line holds one: the largest ring, then each other
 * ring reached by a bridge from the largest ring's vertex nearest to it and back the same way.
 * A bridge walked there and back encloses no area, so the filled polygon is the rings' union
 * (holes stay holes: their winding is opposite). Ultralytics joins segments the same way.
 */
function mergeRings(rings: Float64Array[]): number[] {
  const sorted = [...rings].sort((a, b) => Math.abs(ringArea(b)) - Math.abs(ringArea(a)));
  const main = sorted[0]!;
  const polygon: number[] = [];
  loopFrom(main, 0, polygon);
  for (const ring of sorted.slice(1)) {
    const from = nearestVertex(main, ring, 0);
    const to = nearestVertex(ring, main, from);
    polygon.push(main[from]!, main[from + 1]!);
    loopFrom(ring, to, polygon);
    polygon.push(main[from]!, main[from + 1]!, main[0]!, main[1]!);
  }
  // The loop closed on its first vertex; YOLO polygons close implicitly.
  return polygon.slice(0, -2);
}

const format = (v: number, digits: number) => Number(Math.min(1, Math.max(0, v)).toFixed(digits)).toString();

/**
 * YOLO segmentation labels for the objects of one image: one line per object, its class from
 * `classIds` (label → class index, as in the dataset's YAML `names`), its outline normalized to
 * the image with curves flattened to `tolerance` (in image fractions). Lines end with `\n`.
 */
export function toYoloSegmentation(
  objects: readonly YoloObject[],
  classIds: Readonly<Record<string, number>> | ReadonlyMap<string, number>,
  options: { tolerance?: number; digits?: number } = {},
): string {
  const { tolerance = 0.0005, digits = 6 } = options;
  const classOf = (label: string) =>
    classIds instanceof Map ? classIds.get(label) : (classIds as Record<string, number>)[label];
  return objects
    .map((object, index) => {
      const classId = classOf(object.label);
      if (classId === undefined || !Number.isInteger(classId) || classId < 0)
        throw new SegmentError(
          'invalid_input',
          `Object ${index} has label "${object.label}", which has no class id (a whole number ≥ 0) in classIds.`,
          { param: `objects[${index}].label` },
        );
      // Image fractions: the cells `tolerance` tells apart stand for the mask's pixels.
      const budget = flattenBudget(1 / (tolerance * tolerance));
      const rings = flattenPath(pathToImage(parsePath(object.path), object.bbox), tolerance, budget);
      if (!rings.length)
        throw new SegmentError('invalid_input', `Object ${index} ("${object.label}") has an empty outline.`, {
          param: `objects[${index}].path`,
        });
      return `${classId} ${mergeRings(rings)
        .map((v) => format(v, digits))
        .join(' ')}\n`;
    })
    .join('');
}

/** Reads a YOLO segmentation `.txt` back: one label per non-empty line. */
export function parseYoloSegmentation(text: string): YoloLabel[] {
  return text
    .split(/\r?\n/)
    .map((line, n) => ({ line: line.trim(), n }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      const [first, ...rest] = line.split(/\s+/);
      const classId = Number(first);
      const polygon = rest.map(Number);
      if (
        !Number.isInteger(classId) ||
        classId < 0 ||
        polygon.length < 6 ||
        polygon.length % 2 ||
        polygon.some((v) => !(v >= 0 && v <= 1))
      )
        throw new SegmentError(
          'invalid_input',
          `Line ${n + 1} is not "class x1 y1 x2 y2 x3 y3 ..." with coordinates in [0, 1].`,
          { param: `line ${n + 1}` },
        );
      return { classId, polygon };
    });
}
