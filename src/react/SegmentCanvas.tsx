import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SegmentResult } from '../protocol/types';
import { announcement, lowConfidenceScore } from './canvas/announce';
import { CANVAS_DEFAULTS } from './canvas/defaults';
import { DraftLayer } from './canvas/DraftLayer';
import { HoverPreviewLayer } from './canvas/HoverPreviewLayer';
import { keymapHelp, runKeymap } from './canvas/keymap';
import { excludeUnavailableReason, ModeToggle } from './canvas/ModeToggle';
import { RefMarkers } from './canvas/RefMarkers';
import { StatusLayer } from './canvas/StatusLayer';
import { StreamLayer } from './canvas/StreamLayer';
import { warnIfStylesheetMissing } from './canvas/stylesheet-check';
import { imageStyle, rootStyle, stageStyle, surfaceStyle } from './canvas/styles';
import { useCanvasRequest } from './canvas/use-canvas-request';
import { useCanvasStore, type CanvasPromptProps } from './canvas/use-canvas-store';
import { useGestures } from './canvas/use-gestures';
import { ZoomBadge } from './canvas/ZoomBadge';
import { useImageUrl } from './canvas/use-image-url';
import { usePreparedImage } from './canvas/use-prepared-image';
import { useHoverPreview } from './canvas/use-hover-preview';
import { useSegmenter } from './context';
import type { MaskStyle } from './MaskOverlay';
import { useSegmenterCapabilities } from './use-capabilities';
import type { SegmentStatus } from './use-segment';
import { viewCss } from './view-transform';

export interface SegmentCanvasProps extends MaskStyle, CanvasPromptProps {
  /** The image: a URL, data URL or Blob (shown and sent). */
  image: string | Blob;
  /** What to segment ("cat"). */
  object: string;
  /** Fires once per prompt with the refined result. */
  onResult?(result: SegmentResult): void;
  onStatusChange?(status: SegmentStatus): void;
  /** Ask with text alone when there are no refs (Moondream can; the offline engine cannot). */
  promptWithoutRefs?: boolean;
  /** The mouse wheel zooms at the cursor (default true). When false, Ctrl/Cmd+wheel and pinch still zoom and the wheel scrolls the page until the image is zoomed. */
  zoomOnWheel?: boolean;
  /** Largest zoom factor. Default `CANVAS_DEFAULTS.maxZoom` (8). */
  maxZoom?: number;
  /**
   * A result whose `metrics.groundingScore` (the offline engine's detector) is below this is
   * shown and announced as a low-confidence match. Default `CANVAS_DEFAULTS.lowConfidenceBelow`.
   */
  lowConfidenceBelow?: number;
  alt?: string;
  /** The + Include / − Exclude toggle over the photo (default true); off when a `<Toolbar>` has it. */
  modeToggle?: boolean;
  /**
   * Show what a click would give before it, under the mouse or pen (and the keyboard's reticle),
   * and the box's mask while it is drawn; touch has no hover. Only on a prepared image. Default:
   * on for a segmenter on this machine that prepares (the offline engine), off for servers, where
   * it would be a request per mouse move.
   */
  hoverPreview?: boolean;
  /** The stage as a chip over the photo, bottom left (default true). */
  statusChip?: boolean;
  /**
   * SVG drawn over the image in its coordinates (`viewBox="0 0 1 1"`), zoomed with it and under
   * the live result: e.g. the `<MaskPath>`s of objects already saved in an annotator.
   */
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
}

/**
 * Click to include a point, drag to draw a box; the secondary button, or Alt/Shift with a click,
 * excludes (where the segmenter supports it; the toggle does it for touch and pen). The answer
 * streams in: the box at once (dashed), the coarse outline growing, then the refined mask, and the
 * next click refines that answer. Keyboard: see `KEYMAP`. Zoom: wheel or pinch at the pointer.
 */
export function SegmentCanvas(props: SegmentCanvasProps) {
  const {
    image,
    object,
    onResult,
    onStatusChange,
    promptWithoutRefs,
    zoomOnWheel = CANVAS_DEFAULTS.zoomOnWheel,
    maxZoom = CANVAS_DEFAULTS.maxZoom,
    lowConfidenceBelow = CANVAS_DEFAULTS.lowConfidenceBelow,
    alt,
    modeToggle = true,
    statusChip = true,
    hoverPreview,
    children,
    className,
    style,
    color,
    opacity,
    outline,
    dimOutside,
  } = props;
  const store = useCanvasStore(props);
  const segmenter = useSegmenter();
  const prepared = usePreparedImage(segmenter, image);
  const segment = useCanvasRequest(store, { image, object, promptWithoutRefs, onResult, onStatusChange });
  const engine = useLastEngine(segment.result);
  const capabilities = useSegmenterCapabilities();
  const canExclude = capabilities.capabilities.negativeRefs;
  const reason = excludeUnavailableReason(capabilities);
  const refuseExclude = useCallback(() => store.getState().setNotice(reason), [store, reason]);
  const surface = useRef<SVGSVGElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useGestures(surface, root, store, { maxZoom, zoomOnWheel, canExclude, onExcludeRefused: refuseExclude });
  useEffect(() => warnIfStylesheetMissing(root.current!), []);
  const caps = capabilities.capabilities;
  const previewing = (hoverPreview ?? Boolean(caps.local && caps.prepare)) && prepared;
  useHoverPreview(surface, store, { segmenter, image, object, enabled: previewing, canExclude });

  const view = useStore(store, (s) => s.view);
  const panKeyHeld = useStore(store, (s) => s.panKeyHeld);
  const notice = useStore(store, (s) => s.notice);
  const url = useImageUrl(image);
  const lowScore = lowConfidenceScore(segment, lowConfidenceBelow);
  const { status } = segment;
  return (
    <div
      data-segmask-canvas=""
      data-status={status}
      // For apps, tests and styles; not for screen readers (no live region says them).
      data-prepared={prepared ? 'true' : undefined}
      data-engine={engine}
      className={className}
      tabIndex={0}
      role="application"
      aria-roledescription="segmentation canvas"
      aria-label={`Select the ${object || 'object'}: click to add a point, drag to draw a box. ${keymapHelp()}.`}
      aria-busy={status === 'requesting' || status === 'preview' || status === 'bbox' || status === 'coarse'}
      onKeyDown={(e) => {
        // Keys on the canvas's own buttons (mode, zoom, Retry) are theirs: Enter presses them.
        if (e.target !== e.currentTarget) return;
        const context = { store, maxZoom, canExclude, cancel: segment.cancel, refuseExclude };
        if (runKeymap(e, context)) e.preventDefault();
      }}
      onKeyUp={(e) => e.key === ' ' && store.getState().setPanKeyHeld(false)}
      onBlur={() => store.getState().setPanKeyHeld(false)}
      ref={root}
      style={{ ...rootStyle, ...style }}
    >
      <div data-segmask-stage="" style={stageStyle(viewCss(view), view.scale)}>
        <img src={url} alt={alt ?? ''} draggable={false} style={imageStyle} />
        <svg
          ref={surface}
          viewBox="0 0 1 1"
          preserveAspectRatio="none"
          data-segmask-surface={panKeyHeld ? 'pan' : 'point'}
          style={surfaceStyle}
        >
          {children}
          <StreamLayer state={segment} maskStyle={{ color, opacity, outline, dimOutside }} />
          <HoverPreviewLayer store={store} maskStyle={{ color, opacity, outline }} />
          <DraftLayer store={store} />
        </svg>
        <RefMarkers store={store} />
      </div>
      {modeToggle ? <ModeToggle store={store} capabilities={capabilities} /> : null}
      <ZoomBadge store={store} />
      <StatusLayer
        state={segment}
        announcement={announcement(segment, object, lowScore, notice)}
        object={object}
        lowScore={lowScore}
        retry={segment.retry}
        chip={statusChip}
      />
    </div>
  );
}

/** The engine tier that made the last answer (`SegmentResult.engine`); kept while the next one runs. */
function useLastEngine(result: SegmentResult | undefined): string | undefined {
  const [last, setLast] = useState<SegmentResult>();
  // Derived while rendering (React's "storing information from previous renders"), not in an effect.
  if (result && result !== last) setLast(result);
  return (result ?? last)?.engine;
}
