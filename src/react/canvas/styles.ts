import type { CSSProperties } from 'react';

/**
 * The layout the canvas needs to work at all, inline so that it holds without
 * `segmask/styles.css`: the surface and the markers over the photo, where they belong, zoomed with
 * it, and the live region hidden. Everything that is look (colours, shapes, the controls' places)
 * is in the stylesheet (src/react/styles.css).
 */
export const rootStyle: CSSProperties = { position: 'relative' };

export const stageStyle = (transform: string, zoom: number): CSSProperties => ({
  position: 'relative',
  transformOrigin: '0 0',
  transform,
  ['--segmask-zoom' as string]: zoom,
});

export const imageStyle: CSSProperties = { display: 'block', width: '100%', height: 'auto' };

const cover: CSSProperties = { position: 'absolute', inset: 0, width: '100%', height: '100%' };

export const surfaceStyle: CSSProperties = { ...cover, touchAction: 'none' };

export const markerLayerStyle: CSSProperties = { ...cover, pointerEvents: 'none' };

/** A marker at an image point (0..1); the stylesheet centres it there. */
export const at = (x: number, y: number): CSSProperties => ({
  position: 'absolute',
  left: `${x * 100}%`,
  top: `${y * 100}%`,
});

export const boxRefStyle = (box: readonly number[]): CSSProperties => ({
  ...at(box[0]!, box[1]!),
  width: `${(box[2]! - box[0]!) * 100}%`,
  height: `${(box[3]! - box[1]!) * 100}%`,
});

/** Presentation attributes: an SVG rect without them would be filled black. */
export const draftStyle = {
  fill: 'rgba(255,255,255,0.12)',
  stroke: '#fff',
  strokeDasharray: '4 3',
  strokeWidth: 1.5,
} as const;

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
