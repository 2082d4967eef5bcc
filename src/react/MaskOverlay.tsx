import { useId, type CSSProperties } from 'react';
import { bboxTransform } from '../geometry/bbox';
import type { Bbox } from '../protocol/types';

export interface MaskStyle {
  /** Fill colour. Default: `var(--segmask-fill, #00c2ff)`. */
  color?: string;
  /** Fill opacity 0..1. Default: `var(--segmask-fill-opacity, 0.45)`. */
  opacity?: number;
  /** Outline colour. Default: `var(--segmask-outline, #ffffff)` over a dark hairline. */
  outline?: string;
  /** Darken the image outside the mask. */
  dimOutside?: boolean;
}

export interface MaskPathProps extends MaskStyle {
  /** A path relative to `bbox` (Moondream's convention). */
  path: string;
  bbox: Bbox;
  /**
   * `coarse`: stroked, not filled (the outline is still open); `refined`: filled; `preview`: filled
   * lighter with a dashed outline (an answer that another will replace, or a hover preview).
   */
  stage?: 'coarse' | 'preview' | 'refined';
}

/**
 * The path in a `viewBox="0 0 1 1"` SVG of the image, placed in its bbox by transform exactly as
 * the protocol says. Never clipped to the bbox: paths may leave it.
 */
export function MaskPath({
  path,
  bbox,
  stage = 'refined',
  color,
  opacity,
  outline,
  dimOutside,
}: MaskPathProps) {
  const id = useId();
  const transform = bboxTransform(bbox);
  const fill = color ?? 'var(--segmask-fill, #00c2ff)';
  const stroke = outline ?? 'var(--segmask-outline, #ffffff)';
  const refined = stage !== 'coarse'; // filled
  const dashed = stage !== 'refined';
  const fillOpacity = opacity ?? 'var(--segmask-fill-opacity, 0.45)';
  return (
    <g data-segmask-mask="" data-stage={stage}>
      {dimOutside && stage === 'refined' ? (
        <>
          <mask id={`${id}-dim`} maskUnits="userSpaceOnUse" x="-1" y="-1" width="3" height="3">
            <rect x="-1" y="-1" width="3" height="3" fill="white" />
            <path d={path} transform={transform} fill="black" />
          </mask>
          <rect x="0" y="0" width="1" height="1" fill="black" fillOpacity={0.5} mask={`url(#${id}-dim)`} />
        </>
      ) : null}
      {/* A dark hairline under a light outline: visible on light, dark and grey images alike. */}
      <path
        d={path}
        transform={transform}
        fill="none"
        stroke="rgba(0,0,0,0.75)"
        strokeWidth={3.5}
        vectorEffect="non-scaling-stroke"
        strokeLinejoin="round"
      />
      <path
        d={path}
        transform={transform}
        fillRule="nonzero"
        strokeWidth={refined ? 1.5 : 2}
        strokeDasharray={dashed ? '6 3' : undefined}
        vectorEffect="non-scaling-stroke"
        strokeLinejoin="round"
        // In style, not attributes: custom properties (var()) are only honoured in CSS.
        style={{
          fill: refined ? fill : 'none',
          fillOpacity: !refined
            ? undefined
            : stage === 'preview'
              ? `calc(${fillOpacity} * 0.6)`
              : fillOpacity,
          stroke: refined ? stroke : fill,
        }}
      />
    </g>
  );
}

export interface BboxFrameProps {
  bbox: Bbox;
  color?: string;
}

/** The first (coarse) box: dashed, as soon as it arrives. */
export function BboxFrame({ bbox, color }: BboxFrameProps) {
  return (
    <rect
      data-segmask-bbox=""
      x={bbox.xMin}
      y={bbox.yMin}
      width={bbox.xMax - bbox.xMin}
      height={bbox.yMax - bbox.yMin}
      fill="none"
      style={{ stroke: color ?? 'var(--segmask-fill, #00c2ff)' }}
      strokeWidth={1.5}
      strokeDasharray="5 4"
      vectorEffect="non-scaling-stroke"
    />
  );
}

export interface MaskOverlayProps extends MaskPathProps {
  className?: string;
  style?: CSSProperties;
  /** Accessible name of the overlay. Default "Segmentation mask". */
  label?: string;
}

/**
 * One result drawn over any image: place it in a positioned container on top of the image.
 * `<div style={{position: 'relative'}}><img .../><MaskOverlay path={p} bbox={b} /></div>`
 */
export function MaskOverlay({ className, style, label = 'Segmentation mask', ...mask }: MaskOverlayProps) {
  return (
    <svg
      className={className}
      role="img"
      aria-label={label}
      viewBox="0 0 1 1"
      preserveAspectRatio="none"
      style={{
        position: 'absolute',
        inset: 0,
        width: '100%',
        height: '100%',
        overflow: 'visible',
        pointerEvents: 'none',
        ...style,
      }}
    >
      <MaskPath {...mask} />
    </svg>
  );
}
