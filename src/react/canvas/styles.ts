import type { CSSProperties } from 'react';
import { EXCLUDE, font, GLASS, GLASS_TEXT, INCLUDE } from './theme';

/**
 * Every style of the canvas, in one place; colours come from `theme.ts` (CSS custom properties).
 * Marker sizes divide by the zoom (`--segmask-zoom`, set on the stage), so markers keep their size
 * on screen.
 */
const zoomed = (px: number) => `calc(${px}px / var(--segmask-zoom, 1))`;

export const rootStyle: CSSProperties = {
  position: 'relative',
  display: 'inline-block',
  maxWidth: '100%',
  lineHeight: 0,
  outlineOffset: 2,
  userSelect: 'none',
  overflow: 'hidden',
};

export const stageStyle = (transform: string, zoom: number): CSSProperties => ({
  position: 'relative',
  transformOrigin: '0 0',
  transform,
  ['--segmask-zoom' as string]: zoom,
});

export const imageStyle: CSSProperties = { display: 'block', width: '100%', height: 'auto' };

export const surfaceStyle = (panning: boolean): CSSProperties => ({
  position: 'absolute',
  inset: 0,
  width: '100%',
  height: '100%',
  overflow: 'visible',
  touchAction: 'none',
  cursor: panning ? 'grab' : 'crosshair',
});

export const markerLayerStyle: CSSProperties = { position: 'absolute', inset: 0, pointerEvents: 'none' };

/** A round marker centred on its point, `size` px on screen whatever the zoom. */
const marker = (size: number): CSSProperties => ({
  position: 'absolute',
  width: zoomed(size),
  height: zoomed(size),
  marginLeft: zoomed(-size / 2),
  marginTop: zoomed(-size / 2),
  borderRadius: '50%',
  boxSizing: 'border-box',
});

/**
 * Include and exclude differ in colour, in glyph (+ and −) and in shape (round and square), so
 * they stay apart for colour-blind users. A white ring between a dark hairline and a soft shadow
 * reads on light, dark and busy photos alike.
 */
export const pointStyle = (polarity: 'include' | 'exclude', x: number, y: number): CSSProperties => ({
  ...marker(20),
  left: `${x * 100}%`,
  top: `${y * 100}%`,
  display: 'flex',
  alignItems: 'center',
  justifyContent: 'center',
  font: `700 ${zoomed(15)}/1 system-ui, sans-serif`,
  color: '#fff',
  background: polarity === 'include' ? INCLUDE : EXCLUDE,
  border: `${zoomed(2)} solid #fff`,
  borderRadius: polarity === 'include' ? '50%' : zoomed(4),
  boxShadow: '0 0 0 1px rgba(0,0,0,.8), 0 1px 4px 1px rgba(0,0,0,.45)',
});

export const boxRefStyle = (box: readonly number[]): CSSProperties => ({
  position: 'absolute',
  left: `${box[0]! * 100}%`,
  top: `${box[1]! * 100}%`,
  width: `${(box[2]! - box[0]!) * 100}%`,
  height: `${(box[3]! - box[1]!) * 100}%`,
  border: `${zoomed(2)} solid #fff`,
  boxShadow: '0 0 0 1px rgba(0,0,0,.7), inset 0 0 0 1px rgba(0,0,0,.7)',
  boxSizing: 'border-box',
});

export const reticleStyle = (x: number, y: number, polarity: 'include' | 'exclude'): CSSProperties => ({
  ...marker(18),
  left: `${x * 100}%`,
  top: `${y * 100}%`,
  border: `${zoomed(2)} dashed ${polarity === 'include' ? '#fff' : EXCLUDE}`,
  boxShadow: '0 0 0 1px rgba(0,0,0,.5)',
});

export const draftStyle = {
  fill: 'rgba(255,255,255,0.12)',
  stroke: '#fff',
  strokeDasharray: '4 3',
  strokeWidth: 1.5,
} as const;

const badge: CSSProperties = {
  position: 'absolute',
  padding: '2px 8px',
  font,
  borderRadius: 4,
};

export const noticeStyle: CSSProperties = {
  ...badge,
  left: 8,
  top: 48, // under the mode toggle
  color: '#1a1a1a',
  background: 'rgba(255, 214, 0, 0.92)',
  pointerEvents: 'none',
};

export const zoomBadgeStyle: CSSProperties = {
  ...badge,
  top: 8,
  right: 8,
  color: GLASS_TEXT,
  background: GLASS,
  border: 0,
  cursor: 'pointer',
};

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

export const errorStyle: CSSProperties = {
  position: 'absolute',
  left: 8,
  right: 8,
  bottom: 8,
  padding: '8px 10px',
  font: '13px/1.4 system-ui, sans-serif',
  color: '#fff',
  background: 'var(--segmask-error-background, rgba(160, 20, 40, 0.92))',
  borderRadius: 6,
};

export const retryStyle: CSSProperties = {
  marginLeft: 10,
  padding: '3px 12px',
  font: '600 13px/1.4 system-ui, sans-serif',
  color: '#111827',
  background: '#fff',
  border: 0,
  borderRadius: 4,
  cursor: 'pointer',
};

/** The include/exclude toggle: top left, clear of the zoom badge (right) and errors (bottom). */
export const modeBarStyle: CSSProperties = {
  position: 'absolute',
  left: 8,
  top: 8,
  right: 56,
  flexWrap: 'wrap',
  display: 'flex',
  alignItems: 'center',
  gap: 4,
  font,
  lineHeight: 1.6,
};

export const modeButtonStyle = (pressed: boolean, polarity: 'include' | 'exclude'): CSSProperties => ({
  padding: '4px 10px',
  minHeight: 32, // a finger's width: the toggle is for touch and pen
  font,
  color: GLASS_TEXT,
  background: pressed ? (polarity === 'include' ? INCLUDE : EXCLUDE) : GLASS,
  border: '1px solid rgba(255,255,255,0.8)',
  borderRadius: 4,
  cursor: 'pointer',
});

export const modeReasonStyle: CSSProperties = {
  padding: '2px 6px',
  color: GLASS_TEXT,
  background: GLASS,
  borderRadius: 4,
};

/** The stage as a chip, bottom left (where an error replaces it). */
export const statusChipStyle: CSSProperties = {
  ...badge,
  left: 8,
  bottom: 8,
  display: 'flex',
  alignItems: 'center',
  gap: 6,
  color: GLASS_TEXT,
  background: GLASS,
  borderRadius: 999,
  pointerEvents: 'none',
};

/** The chip's dot: amber while the answer streams, the include colour when refined. */
export const statusDotStyle = (done: boolean): CSSProperties => ({
  width: 8,
  height: 8,
  borderRadius: '50%',
  background: done ? INCLUDE : 'var(--segmask-busy, #f59e0b)',
});
