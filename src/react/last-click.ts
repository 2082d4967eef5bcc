/** The two lists of a prompt, as the canvas store keeps them (typed here: the store imports this). */
interface Prompt {
  refs: readonly object[];
  negativeRefs: readonly object[];
}
type Polarity = 'include' | 'exclude';

/**
 * Which list holds the last click still on the canvas (a point or box of either kind), read from
 * the undo history rather than kept beside it, so undo and redo cannot let the two drift apart:
 * walking back, the first prompt that lacks a list's last ref is the one before it was added.
 * Refs keep their identity from step to step, so a ref re-added at the same spot is a new one.
 * Without history that tells (a prompt given from outside), the current mode's list goes first.
 */
export function lastClickPolarity(current: Prompt, past: readonly Prompt[], mode: Polarity): Polarity | null {
  const include = current.refs.at(-1);
  const exclude = current.negativeRefs.at(-1);
  if (!include && !exclude) return null;
  if (!include) return 'exclude';
  if (!exclude) return 'include';
  for (let i = past.length - 1; i >= 0; i--) {
    const lacksInclude = !past[i]!.refs.includes(include);
    const lacksExclude = !past[i]!.negativeRefs.includes(exclude);
    if (lacksInclude !== lacksExclude) return lacksInclude ? 'include' : 'exclude';
    if (lacksInclude) break; // both arrived in one step: nothing orders them
  }
  return mode;
}
