import type { Bbox } from '../protocol/types';
import { pathToPixels } from '../geometry/bbox';
import { flattenPath } from '../geometry/flatten';
import type { PathCommand } from '../geometry/path-commands';
import { parsePath } from '../geometry/path-parser';
import { assertBbox, assertMaskSize, assertTolerance, flattenBudget } from '../geometry/limits';

/**
 * COCO polygons (`[[x1, y1, x2, y2, ...], ...]` in pixels) of a bbox-relative path, one per
 * subpath, curves flattened to `tolerance` pixels. COCO fills every polygon, so holes cannot be
 * represented: use RLE for objects with holes.
 */
export function pathToCocoPolygons(
  path: string | readonly PathCommand[],
  bbox: Bbox,
  width: number,
  height: number,
  tolerance = 0.5,
): number[][] {
  assertMaskSize(width, height, Infinity); // allocates no mask: only the size's validity matters
  assertBbox(bbox);
  assertTolerance(tolerance);
  const commands = typeof path === 'string' ? parsePath(path) : path;
  const budget = flattenBudget(width * height);
  return flattenPath(pathToPixels(commands, bbox, width, height), tolerance, budget).map((ring) =>
    Array.from(ring, (v) => Math.round(v * 100) / 100),
  );
}
