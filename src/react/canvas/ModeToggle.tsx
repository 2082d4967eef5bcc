import { useStore } from 'zustand';
import type { CanvasStore, Polarity } from '../canvas-store';
import type { CapabilitiesState } from '../use-capabilities';

/** Why exclude points are not offered, in words the user sees; '' when they are. */
export function excludeUnavailableReason({ status, capabilities }: CapabilitiesState): string {
  if (capabilities.negativeRefs) return '';
  if (status === 'pending') return 'Exclude: asking the segmenter…';
  if (status === 'error') return 'Exclude unavailable: the segmenter did not say what it supports';
  return 'Exclude unavailable: this segmenter takes include points only';
}

const LABEL: Record<Polarity, string> = { include: '+ Include', exclude: '− Exclude' };

/**
 * Include / exclude as a visible toggle, for touch and pen (which have no secondary button or
 * modifier). Exclude is disabled, with the reason beside it, where the segmenter lacks it.
 */
export function ModeToggle({ store, capabilities }: { store: CanvasStore; capabilities: CapabilitiesState }) {
  const mode = useStore(store, (s) => s.mode);
  const reason = excludeUnavailableReason(capabilities);
  return (
    <div role="group" aria-label="Click mode" data-segmask-mode={mode}>
      {(['include', 'exclude'] as const).map((polarity) => (
        <button
          key={polarity}
          type="button"
          data-segmask-mode-button={polarity}
          aria-pressed={mode === polarity}
          disabled={polarity === 'exclude' && reason !== ''}
          title={polarity === 'exclude' && reason ? reason : `Clicks ${polarity} (X switches)`}
          onClick={() => store.getState().setMode(polarity)}
        >
          {LABEL[polarity]}
        </button>
      ))}
      {reason ? <span data-segmask-exclude-reason="">{reason}</span> : null}
    </div>
  );
}
