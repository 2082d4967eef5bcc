import { useEffect, useRef, type CSSProperties, type ReactNode } from 'react';
import type { SegmentResult } from '../protocol/types';
import { useCanvasState, useCanvasStoreApi } from './canvas-context';
import type { CanvasState, Polarity } from './canvas-store';
import { excludeUnavailableReason } from './canvas/ModeToggle';
import { moveFocus, syncTabStop } from './canvas/roving-focus';
import { useSegmenterCapabilities } from './use-capabilities';
import { IDENTITY_VIEW } from './view-transform';

export interface ToolbarProps {
  /** Called with the refined result; without it there is no Export button. */
  onExport?(result: SegmentResult): void;
  /** The Export button's text. Default "Export". */
  exportLabel?: string;
  /** The app's own buttons, after the toolbar's: arrow keys reach them too. */
  children?: ReactNode;
  /** The toolbar's accessible name. Default "Segmentation tools". */
  label?: string;
  className?: string;
  style?: CSSProperties;
}

interface ToolButtonProps {
  action: string;
  /** Why it cannot be pressed now, in words the user sees as its tooltip; '' when it can. */
  disabledReason: string;
  title: string;
  pressed?: Polarity | false;
  onPress(): void;
  /** Pressed while disabled (the canvas announces a refused exclude). */
  onRefused?(): void;
  children: ReactNode;
}

/**
 * A disabled button stays focusable (`aria-disabled`, not `disabled`): in a toolbar the keyboard
 * still finds it, and its reason is read as its description.
 */
function ToolButton(props: ToolButtonProps) {
  const { action, disabledReason, title, pressed, onPress, onRefused, children } = props;
  const disabled = disabledReason !== '';
  return (
    <button
      type="button"
      data-segmask-action={action}
      aria-pressed={pressed === undefined ? undefined : pressed !== false}
      aria-disabled={disabled || undefined}
      title={disabled ? disabledReason : title}
      onClick={() => (disabled ? onRefused?.() : onPress())}
    >
      {children}
    </button>
  );
}

const zoomed = (s: CanvasState) => s.view.scale !== 1 || s.view.x !== 0 || s.view.y !== 0;

/** Include / exclude: what a plain click adds. */
function ModeButtons({ excludeReason }: { excludeReason: string }) {
  const store = useCanvasStoreApi();
  const mode = useCanvasState((s) => s.mode);
  return (
    <>
      <ToolButton
        action="include"
        pressed={mode === 'include' && 'include'}
        disabledReason=""
        title="Clicks include (X)"
        onPress={() => store.getState().setMode('include')}
      >
        + Include
      </ToolButton>
      <ToolButton
        action="exclude"
        pressed={mode === 'exclude' && 'exclude'}
        disabledReason={excludeReason}
        title="Clicks exclude (X; right-click)"
        onPress={() => store.getState().setMode('exclude')}
        onRefused={() => store.getState().setNotice(excludeReason)}
      >
        − Exclude
      </ToolButton>
    </>
  );
}

/** Undo, redo, clear and zoom reset, each disabled with its reason when there is nothing to do. */
function EditButtons() {
  const store = useCanvasStoreApi();
  const canUndo = useCanvasState((s) => s.past.length > 0);
  const canRedo = useCanvasState((s) => s.future.length > 0);
  const hasRefs = useCanvasState((s) => s.refs.length + s.negativeRefs.length > 0);
  const isZoomed = useCanvasState(zoomed);
  const s = () => store.getState();
  return (
    <>
      <ToolButton
        action="undo"
        disabledReason={canUndo ? '' : 'Nothing to undo'}
        title="Undo (Ctrl+Z)"
        onPress={() => s().undo()}
      >
        Undo
      </ToolButton>
      <ToolButton
        action="redo"
        disabledReason={canRedo ? '' : 'Nothing to redo'}
        title="Redo (Shift+Ctrl+Z)"
        onPress={() => s().redo()}
      >
        Redo
      </ToolButton>
      <ToolButton
        action="clear"
        disabledReason={hasRefs ? '' : 'Nothing to clear'}
        title="Remove all points and boxes"
        onPress={() => s().clear()}
      >
        Clear
      </ToolButton>
      <ToolButton
        action="zoom-reset"
        disabledReason={isZoomed ? '' : 'Not zoomed'}
        title="Reset zoom (0)"
        onPress={() => s().setView(IDENTITY_VIEW)}
      >
        Fit
      </ToolButton>
    </>
  );
}

/**
 * The canvas's controls as a toolbar beside it (xyflow's `<Controls>`): mode, undo, redo, clear,
 * zoom reset and export. It drives the `<SegmentCanvas>` in the same `<SegmentCanvasProvider>`
 * through `useCanvasState` / `useCanvasStoreApi`, the public hooks an app's own toolbar uses
 * instead. Exclude is offered where the segmenter supports it, otherwise disabled with the reason.
 * One Tab stop; arrow keys, Home and End move between the buttons.
 */
export function Toolbar({
  onExport,
  exportLabel = 'Export',
  children,
  label,
  className,
  style,
}: ToolbarProps) {
  const mode = useCanvasState((s) => s.mode);
  const result = useCanvasState((s) => s.result);
  const excludeReason = excludeUnavailableReason(useSegmenterCapabilities());
  const root = useRef<HTMLDivElement>(null);
  // After every render: buttons come and go (Export, the app's), the Tab stop must stay on one.
  useEffect(() => syncTabStop(root.current!));
  return (
    <div
      ref={root}
      role="toolbar"
      aria-label={label ?? 'Segmentation tools'}
      data-segmask-toolbar=""
      data-mode={mode}
      className={className}
      style={style}
      onFocus={(e) => syncTabStop(root.current!, e.target)}
      onKeyDown={(e) => {
        if (moveFocus(root.current!, e.key)) e.preventDefault();
      }}
    >
      <ModeButtons excludeReason={excludeReason} />
      <span role="separator" aria-orientation="vertical" />
      <EditButtons />
      {onExport ? (
        <ToolButton
          action="export"
          disabledReason={result ? '' : 'No refined mask yet'}
          title={exportLabel}
          onPress={() => result && onExport(result)}
        >
          {exportLabel}
        </ToolButton>
      ) : null}
      {children}
      {excludeReason ? <span data-segmask-exclude-reason="">{excludeReason}</span> : null}
    </div>
  );
}
