import type { Bbox } from '../protocol/types';
import { bboxTransform } from '../geometry/bbox';
import { assertBbox, assertFinite } from '../geometry/limits';
import { SegmentError } from '../protocol/errors';

export interface SvgObject {
  path: string;
  bbox: Bbox;
  label?: string;
  color?: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A standalone SVG of one or more results over an image of `width` x `height`, each path drawn
 * in its bbox exactly as the protocol says (bbox transform, nonzero fill, never clipped).
 * Every number written is checked to be a finite number first (a string in `width` or a bbox
 * would otherwise become markup), and every string is escaped.
 */
export function resultsToSvg(
  objects: readonly SvgObject[],
  width: number,
  height: number,
  options: { imageHref?: string; opacity?: number } = {},
): string {
  if (!Array.isArray(objects))
    throw new SegmentError('invalid_input', 'objects must be an array.', { param: 'objects' });
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    assertFinite(value, name);
    if (value <= 0) throw new SegmentError('invalid_input', `${name} must be positive.`, { param: name });
  }
  const opacity = options.opacity ?? 0.5;
  assertFinite(opacity, 'opacity');
  if (opacity < 0 || opacity > 1)
    throw new SegmentError('invalid_input', 'opacity must be within 0..1.', { param: 'opacity' });
  objects.forEach((o, i) => {
    assertBbox(o?.bbox, `objects[${i}].bbox`);
    if (typeof o.path !== 'string')
      throw new SegmentError('invalid_input', `objects[${i}].path must be a string.`, {
        param: `objects[${i}].path`,
      });
  });
  const paths = objects.map((o, i) => {
    const title = o.label ? `<title>${escape(String(o.label))}</title>` : '';
    const color = escape(String(o.color ?? '#1e90ff'));
    return `<path d="${escape(o.path)}" transform="${bboxTransform(o.bbox)}" fill="${color}" fill-opacity="${opacity}" fill-rule="nonzero" stroke="${color}" stroke-width="2" vector-effect="non-scaling-stroke" data-index="${i}">${title}</path>`;
  });
  const image = options.imageHref
    ? `<image href="${escape(String(options.imageHref))}" width="1" height="1" preserveAspectRatio="none"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1 1" preserveAspectRatio="none">${image}${paths.join('')}</svg>`;
}
