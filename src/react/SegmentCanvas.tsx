import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from 'react';
import { useStore } from 'zustand';
import type { SegmentErrorCode } from '../protocol/errors';
import type { SegmentResult, SpatialRef } from '../protocol/types';
import { createCanvasStore, type CanvasState, type CanvasStore } from './canvas-store';
import { isModifier, matchKey } from './match-key';
import { BboxFrame, MaskPath, type MaskStyle } from './MaskOverlay';
import { useSegment, type SegmentStatus } from './use-segment';
import { IDENTITY_VIEW, panBy, viewCss, zoomAt, type ViewTransform } from './view-transform';

export interface SegmentCanvasProps extends MaskStyle {
  /** The image: a URL, data URL or Blob (shown and sent). */
  image: string | Blob;
  /** What to segment ("cat"). */
  object: string;
  /** Controlled refs; with `onRefsChange`. Leave out for uncontrolled use. */
  refs?: SpatialRef[];
  /** Initial refs when uncontrolled. */
  defaultRefs?: SpatialRef[];
  onRefsChange?(refs: SpatialRef[]): void;
  /** Fires once per prompt with the refined result. */
  onResult?(result: SegmentResult): void;
  onStatusChange?(status: SegmentStatus): void;
  /** Ask with text alone when there are no refs (Moondream can; the offline engine cannot). */
  promptWithoutRefs?: boolean;
  /** The mouse wheel zooms at the cursor (default true). When false, Ctrl/Cmd+wheel and pinch still zoom and the wheel scrolls the page until the image is zoomed. */
  zoomOnWheel?: boolean;
  /** Largest zoom factor. Default 8. */
  maxZoom?: number;
  /**
   * A result whose `metrics.groundingScore` (the offline engine's detector) is below this is
   * shown and announced as a low-confidence match. Default 0.35.
   */
  lowConfidenceBelow?: number;
  alt?: string;
  /**
   * SVG drawn over the image in its coordinates (`viewBox="0 0 1 1"`), zoomed with it and under
   * the live result: e.g. the `<MaskPath>`s of objects already saved in an annotator.
   */
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
}

const ANNOUNCE: Record<SegmentStatus, string> = {
  idle: '',
  requesting: 'Segmenting…',
  bbox: 'Box found',
  coarse: 'Refining',
  refined: 'Done',
  error: '',
  aborted: 'Cancelled',
};

const FIX: Partial<Record<SegmentErrorCode, string>> = {
  unauthorized: 'Check the API key or the proxy.',
  payload_too_large: 'Use a smaller image.',
  rate_limited: 'Wait a moment, then retry.',
  ungrounded: 'Click the object or draw a box around it.',
  unsupported: 'Point the kit at a server with /segment.',
  invalid_input: 'Check the points and boxes.',
};

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const DRAG_PX = 4;

function useImageUrl(image: string | Blob): string {
  const url = useMemo(() => (typeof image === 'string' ? image : URL.createObjectURL(image)), [image]);
  useEffect(
    () => () => {
      if (typeof image !== 'string') URL.revokeObjectURL(url);
    },
    [image, url],
  );
  return url;
}

/**
 * Click to add a point, drag to draw a box; the answer streams in: the box at once (dashed), the
 * coarse outline growing, then the refined mask. Keyboard: arrows move a reticle, Enter adds a
 * point, B starts and ends a box, Backspace removes the last ref, Esc cancels, Ctrl/Cmd+Z undoes.
 * Zoom: wheel or pinch at the pointer, +/- and 0 on the keyboard; pan: drag with space held,
 * the middle button, two fingers, or the wheel once zoomed (with `zoomOnWheel={false}`).
 */
export function SegmentCanvas(props: SegmentCanvasProps) {
  const {
    image,
    object,
    refs: controlled,
    defaultRefs,
    onRefsChange,
    onResult,
    onStatusChange,
    promptWithoutRefs,
    zoomOnWheel = true,
    maxZoom = 8,
    lowConfidenceBelow = 0.35,
    alt,
    children,
    className,
    style,
    ...maskStyle
  } = props;
  const latest = useRef({ onRefsChange, onResult, onStatusChange });
  latest.current = { onRefsChange, onResult, onStatusChange };
  const [store] = useState<CanvasStore>(() =>
    createCanvasStore(controlled ?? defaultRefs ?? [], (refs) => latest.current.onRefsChange?.(refs)),
  );
  useEffect(() => {
    if (controlled && controlled !== store.getState().refs) store.getState().syncRefs(controlled);
  }, [controlled, store]);
  const refs = useStore(store, (s) => s.refs);
  const url = useImageUrl(image);
  const segment = useSegment({
    image,
    object,
    spatialRefs: refs,
    enabled: refs.length > 0 || Boolean(promptWithoutRefs),
  });
  const { status } = segment;

  useEffect(() => latest.current.onStatusChange?.(status), [status]);
  const resultRef = segment.result;
  useEffect(() => {
    if (resultRef) latest.current.onResult?.(resultRef);
  }, [resultRef]);

  const surface = useRef<SVGSVGElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const view = useStore(store, (s) => s.view);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const drag = useRef<{ x: number; y: number; px: number; py: number; id: number; moved: boolean } | null>(
    null,
  );
  // Pointers down right now: two of them pinch; a pan follows one (space held, or middle button).
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{
    kind: 'pan' | 'pinch';
    view: ViewTransform;
    x: number;
    y: number;
    distance: number;
  } | null>(null);
  const toNormal = (e: { clientX: number; clientY: number }): [number, number] => {
    // The surface's box already includes zoom and pan, so this is in image fractions.
    const rect = surface.current!.getBoundingClientRect();
    return [clamp01((e.clientX - rect.left) / rect.width), clamp01((e.clientY - rect.top) / rect.height)];
  };
  /** Client coordinates to fractions of the (untransformed) canvas box. */
  const toBox = (x: number, y: number): [number, number] => {
    const rect = root.current!.getBoundingClientRect();
    return [(x - rect.left) / (rect.width || 1), (y - rect.top) / (rect.height || 1)];
  };
  const startGesture = (kind: 'pan' | 'pinch') => {
    const [a, b] = [...pointers.current.values()];
    const x = b ? (a!.x + b.x) / 2 : a!.x;
    const y = b ? (a!.y + b.y) / 2 : a!.y;
    gesture.current = {
      kind,
      view: store.getState().view,
      x,
      y,
      distance: b ? Math.hypot(a!.x - b.x, a!.y - b.y) : 0,
    };
    drag.current = null;
    store.getState().setDraft(null);
  };
  const onPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    try {
      e.currentTarget.setPointerCapture?.(e.pointerId);
    } catch {
      // Synthetic events (test tools) carry ids the browser does not know; capture is optional.
    }
    if (pointers.current.size === 2) return startGesture('pinch');
    if (spaceHeld || (e.pointerType === 'mouse' && e.button === 1)) return startGesture('pan');
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    const [x, y] = toNormal(e);
    drag.current = { x, y, px: e.clientX, py: e.clientY, id: e.pointerId, moved: false };
  };
  const onPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    if (g) {
      const [a, b] = [...pointers.current.values()];
      if (!a) return;
      const x = g.kind === 'pinch' && b ? (a.x + b.x) / 2 : a.x;
      const y = g.kind === 'pinch' && b ? (a.y + b.y) / 2 : a.y;
      const [fx0, fy0] = toBox(g.x, g.y);
      const [fx, fy] = toBox(x, y);
      let next = g.view;
      if (g.kind === 'pinch' && b && g.distance > 0)
        next = zoomAt(next, Math.hypot(a.x - b.x, a.y - b.y) / g.distance, fx0, fy0, maxZoom);
      store.getState().setView(panBy(next, fx - fx0, fy - fy0));
      return;
    }
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    if (!d.moved && Math.hypot(e.clientX - d.px, e.clientY - d.py) < DRAG_PX) return;
    d.moved = true;
    const [x, y] = toNormal(e);
    store.getState().setDraft([Math.min(d.x, x), Math.min(d.y, y), Math.max(d.x, x), Math.max(d.y, y)]);
  };
  const onPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.delete(e.pointerId);
    if (gesture.current) {
      // A pinch ends when its fingers lift; neither finger adds a point.
      if (pointers.current.size === 0) gesture.current = null;
      return;
    }
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    drag.current = null;
    const state = store.getState();
    if (d.moved && state.draft) {
      const [x0, y0, x1, y1] = state.draft;
      state.setDraft(null);
      if (x1 - x0 > 0.002 && y1 - y0 > 0.002) state.addRef([x0, y0, x1, y1]);
    } else {
      state.addRef([d.x, d.y]);
    }
  };
  const onPointerCancel = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size === 0) gesture.current = null;
    drag.current = null;
    store.getState().setDraft(null);
  };

  // Wheel: zoom at the cursor (a trackpad pinch arrives as Ctrl+wheel). A native listener,
  // because React's wheel listener is passive and cannot keep the page from scrolling.
  useEffect(() => {
    const element = root.current;
    if (!element) return;
    const onWheel = (e: WheelEvent) => {
      const current = store.getState().view;
      const rect = element.getBoundingClientRect();
      if (zoomOnWheel || e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.002));
        store
          .getState()
          .setView(
            zoomAt(
              current,
              factor,
              rect.width ? (e.clientX - rect.left) / rect.width : 0.5,
              rect.height ? (e.clientY - rect.top) / rect.height : 0.5,
              maxZoom,
            ),
          );
      } else if (current.scale > 1) {
        e.preventDefault();
        store
          .getState()
          .setView(panBy(current, -e.deltaX / (rect.width || 1), -e.deltaY / (rect.height || 1)));
      }
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [store, zoomOnWheel, maxZoom]);

  const boxAnchor = useRef<[number, number] | null>(null);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const s = store.getState();
    const step = e.shiftKey ? 0.05 : 0.01;
    const reticle = s.reticle ?? [0.5, 0.5];
    const move = (dx: number, dy: number) => {
      const next: [number, number] = [clamp01(reticle[0] + dx), clamp01(reticle[1] + dy)];
      s.setReticle(next);
      if (boxAnchor.current) {
        const [ax, ay] = boxAnchor.current;
        s.setDraft([
          Math.min(ax, next[0]),
          Math.min(ay, next[1]),
          Math.max(ax, next[0]),
          Math.max(ay, next[1]),
        ]);
      }
    };
    const zoomKeys = (factor: number) => {
      // Zoom about the reticle when there is one, else the middle of the view.
      const v = s.view;
      const [fx, fy] = s.reticle ? [v.x + s.reticle[0] * v.scale, v.y + s.reticle[1] * v.scale] : [0.5, 0.5];
      s.setView(zoomAt(v, factor, fx, fy, maxZoom));
    };
    let handled = true;
    if (e.key === ' ') {
      if (!e.repeat) setSpaceHeld(true); // held: drag pans
    } else if (!isModifier(e) && (e.key === '+' || e.key === '=')) zoomKeys(1.25);
    else if (!isModifier(e) && (e.key === '-' || e.key === '_')) zoomKeys(0.8);
    else if (!isModifier(e) && e.key === '0') s.setView(IDENTITY_VIEW);
    else if (isModifier(e) && matchKey(e, 'z')) (e.shiftKey ? s.redo : s.undo)();
    else if (isModifier(e) && matchKey(e, 'y')) s.redo();
    else if (e.key === 'ArrowLeft') move(-step, 0);
    else if (e.key === 'ArrowRight') move(step, 0);
    else if (e.key === 'ArrowUp') move(0, -step);
    else if (e.key === 'ArrowDown') move(0, step);
    else if (e.key === 'Enter') {
      if (boxAnchor.current && s.draft) {
        s.addRef(s.draft);
        s.setDraft(null);
        boxAnchor.current = null;
      } else {
        s.setReticle(reticle);
        s.addRef([reticle[0], reticle[1]]);
      }
    } else if (!isModifier(e) && matchKey(e, 'b')) {
      if (boxAnchor.current && s.draft) {
        s.addRef(s.draft);
        s.setDraft(null);
        boxAnchor.current = null;
      } else {
        boxAnchor.current = reticle;
        s.setReticle(reticle);
        s.setDraft([reticle[0], reticle[1], reticle[0], reticle[1]]);
      }
    } else if (e.key === 'Backspace' || e.key === 'Delete') s.removeLastRef();
    else if (e.key === 'Escape') {
      if (boxAnchor.current) {
        boxAnchor.current = null;
        s.setDraft(null);
      } else segment.cancel();
    } else handled = false;
    if (handled) e.preventDefault();
  };

  const errorText = segment.error
    ? `${segment.error.message}${FIX[segment.error.code] ? ` ${FIX[segment.error.code]}` : ''}`
    : '';
  const groundingScore = status === 'refined' ? segment.metrics?.groundingScore : undefined;
  const lowConfidence = groundingScore !== undefined && groundingScore < lowConfidenceBelow;
  const announcement =
    status === 'error'
      ? errorText
      : lowConfidence
        ? `Done, but a low-confidence match for ${object} (${groundingScore.toFixed(2)}): add a point on it to confirm`
        : ANNOUNCE[status];
  return (
    <div
      data-segmask-canvas=""
      data-status={status}
      className={className}
      tabIndex={0}
      role="application"
      aria-roledescription="segmentation canvas"
      aria-label={`Select the ${object || 'object'}: click to add a point, drag to draw a box. Arrow keys move the cursor, Enter adds a point, B draws a box, Backspace removes the last one, Escape cancels. Plus and minus zoom, 0 resets, drag with space held pans.`}
      aria-busy={status === 'requesting' || status === 'bbox' || status === 'coarse'}
      onKeyDown={onKeyDown}
      onKeyUp={(e) => {
        if (e.key === ' ') setSpaceHeld(false);
      }}
      onBlur={() => setSpaceHeld(false)}
      ref={root}
      style={{
        position: 'relative',
        display: 'inline-block',
        maxWidth: '100%',
        lineHeight: 0,
        outlineOffset: 2,
        userSelect: 'none',
        overflow: 'hidden',
        ...style,
      }}
    >
      <div
        data-segmask-stage=""
        style={{
          position: 'relative',
          transformOrigin: '0 0',
          transform: viewCss(view),
          ['--segmask-zoom' as string]: view.scale,
        }}
      >
        <img
          src={url}
          alt={alt ?? ''}
          draggable={false}
          style={{ display: 'block', width: '100%', height: 'auto' }}
        />
        <svg
          ref={surface}
          viewBox="0 0 1 1"
          preserveAspectRatio="none"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={onPointerCancel}
          style={{
            position: 'absolute',
            inset: 0,
            width: '100%',
            height: '100%',
            overflow: 'visible',
            touchAction: 'none',
            cursor: spaceHeld ? 'grab' : 'crosshair',
          }}
        >
          {children}
          <StreamLayer segment={segment} maskStyle={maskStyle} />
          <DraftLayer store={store} />
        </svg>
        <RefMarkers store={store} />
      </div>
      {view.scale > 1 ? (
        <button
          type="button"
          data-segmask-zoom={view.scale.toFixed(2)}
          onClick={() => store.getState().setView(IDENTITY_VIEW)}
          style={zoomBadgeStyle}
          aria-label={`Zoom ${Math.round(view.scale * 100)}%. Reset zoom (0)`}
        >
          {Math.round(view.scale * 100)}% ✕
        </button>
      ) : null}
      <div aria-live="polite" role="status" style={visuallyHidden}>
        {announcement}
      </div>
      {lowConfidence ? (
        <div data-segmask-low-confidence={groundingScore} style={noticeStyle}>
          Low-confidence match ({groundingScore.toFixed(2)}): click the {object} to confirm
        </div>
      ) : null}
      {status === 'error' && segment.error ? (
        <div role="alert" data-segmask-error={segment.error.code} style={errorStyle}>
          <span>{errorText}</span>
          <button type="button" onClick={segment.retry} style={{ marginLeft: 8 }}>
            Retry
          </button>
        </div>
      ) : null}
    </div>
  );
}

function StreamLayer({
  segment,
  maskStyle,
}: {
  segment: ReturnType<typeof useSegment>;
  maskStyle: MaskStyle;
}) {
  const { status, bbox, coarsePath, result } = segment;
  if (result && (status === 'refined' || status === 'aborted'))
    return <MaskPath path={result.path} bbox={result.bbox} stage="refined" {...maskStyle} />;
  return (
    <>
      {bbox ? <BboxFrame bbox={bbox} color={maskStyle.color} /> : null}
      {bbox && coarsePath ? <MaskPath path={coarsePath} bbox={bbox} stage="coarse" {...maskStyle} /> : null}
    </>
  );
}

function DraftLayer({ store }: { store: CanvasStore }) {
  const draft = useStore(store, (s: CanvasState) => s.draft);
  if (!draft) return null;
  const [x0, y0, x1, y1] = draft;
  return (
    <rect
      x={x0}
      y={y0}
      width={x1 - x0}
      height={y1 - y0}
      fill="rgba(255,255,255,0.12)"
      stroke="#fff"
      strokeDasharray="4 3"
      strokeWidth={1.5}
      vectorEffect="non-scaling-stroke"
    />
  );
}

/** Points, boxes and the reticle as HTML so they stay round whatever the image's aspect. */
function RefMarkers({ store }: { store: CanvasStore }) {
  const refs = useStore(store, (s: CanvasState) => s.refs);
  const reticle = useStore(store, (s: CanvasState) => s.reticle);
  return (
    <div aria-hidden style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {refs.map((r, i) =>
        r.length === 2 ? (
          <span
            key={i}
            data-segmask-ref="point"
            style={{ ...markerStyle, left: `${r[0] * 100}%`, top: `${r[1] * 100}%` }}
          />
        ) : (
          <span
            key={i}
            data-segmask-ref="box"
            style={{
              position: 'absolute',
              left: `${r[0] * 100}%`,
              top: `${r[1] * 100}%`,
              width: `${(r[2] - r[0]) * 100}%`,
              height: `${(r[3] - r[1]) * 100}%`,
              border: 'calc(2px / var(--segmask-zoom, 1)) solid #fff',
              boxShadow: '0 0 0 1px rgba(0,0,0,.7)',
              boxSizing: 'border-box',
            }}
          />
        ),
      )}
      {reticle ? (
        <span
          data-segmask-reticle=""
          style={{
            ...markerStyle,
            left: `${reticle[0] * 100}%`,
            top: `${reticle[1] * 100}%`,
            width: 'calc(18px / var(--segmask-zoom, 1))',
            height: 'calc(18px / var(--segmask-zoom, 1))',
            marginLeft: 'calc(-9px / var(--segmask-zoom, 1))',
            marginTop: 'calc(-9px / var(--segmask-zoom, 1))',
            background: 'transparent',
            border: 'calc(2px / var(--segmask-zoom, 1)) dashed #fff',
          }}
        />
      ) : null}
    </div>
  );
}

// Sizes divide by the zoom so that markers keep their size on screen.
const markerStyle: CSSProperties = {
  position: 'absolute',
  width: 'calc(12px / var(--segmask-zoom, 1))',
  height: 'calc(12px / var(--segmask-zoom, 1))',
  marginLeft: 'calc(-6px / var(--segmask-zoom, 1))',
  marginTop: 'calc(-6px / var(--segmask-zoom, 1))',
  borderRadius: '50%',
  background: 'var(--segmask-point, #22c55e)',
  border: 'calc(2px / var(--segmask-zoom, 1)) solid #fff',
  boxShadow: '0 0 0 1px rgba(0,0,0,.7)',
  boxSizing: 'border-box',
};
const noticeStyle: CSSProperties = {
  position: 'absolute',
  left: 8,
  top: 8,
  padding: '2px 8px',
  font: '12px/1.6 system-ui, sans-serif',
  color: '#1a1a1a',
  background: 'rgba(255, 214, 0, 0.92)',
  borderRadius: 4,
  pointerEvents: 'none',
};
const zoomBadgeStyle: CSSProperties = {
  position: 'absolute',
  top: 8,
  right: 8,
  padding: '2px 8px',
  font: '12px/1.6 system-ui, sans-serif',
  color: '#fff',
  background: 'rgba(0,0,0,0.6)',
  border: 0,
  borderRadius: 4,
  cursor: 'pointer',
};
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
const errorStyle: CSSProperties = {
  position: 'absolute',
  left: 8,
  right: 8,
  bottom: 8,
  padding: '8px 10px',
  lineHeight: 1.4,
  font: '13px/1.4 system-ui, sans-serif',
  color: '#fff',
  background: 'rgba(160, 20, 40, 0.92)',
  borderRadius: 6,
};
