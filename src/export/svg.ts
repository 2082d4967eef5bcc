import type { Bbox } from '../protocol/types';
import { bboxTransform } from '../geometry/bbox';

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
 */
export function resultsToSvg(
  objects: readonly SvgObject[],
  width: number,
  height: number,
  options: { imageHref?: string; opacity?: number } = {},
): string {
  const opacity = options.opacity ?? 0.5;
  const paths = objects.map((o, i) => {
    const title = o.label ? `<title>${escape(o.label)}</title>` : '';
    const color = escape(o.color ?? '#1e90ff');
    return `<path d="${escape(o.path)}" transform="${bboxTransform(o.bbox)}" fill="${color}" fill-opacity="${opacity}" fill-rule="nonzero" stroke="${color}" stroke-width="2" vector-effect="non-scaling-stroke" data-index="${i}">${title}</path>`;
  });
  const image = options.imageHref
    ? `<image href="${escape(options.imageHref)}" width="1" height="1" preserveAspectRatio="none"/>`
    : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1 1" preserveAspectRatio="none">${image}${paths.join('')}</svg>`;
}
