/**
 * Roving focus for a toolbar (WAI-ARIA's toolbar pattern): one Tab stop, arrow keys, Home and End
 * move between its buttons, the app's own included. Works on the DOM, so buttons an app puts in
 * the toolbar take part without telling it.
 */
const buttonsOf = (toolbar: HTMLElement) => Array.from(toolbar.querySelectorAll('button'));

/** Makes `current` (else the last focused, else the first button) the toolbar's one Tab stop. */
export function syncTabStop(toolbar: HTMLElement, current?: Element | null) {
  const buttons = buttonsOf(toolbar);
  const stop = buttons.find((b) => b === current) ?? buttons.find((b) => b.tabIndex === 0) ?? buttons[0];
  for (const b of buttons) b.tabIndex = b === stop ? 0 : -1;
}

const STEP: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (i, n) => (i + 1) % n,
  ArrowDown: (i, n) => (i + 1) % n,
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowUp: (i, n) => (i - 1 + n) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/** Moves focus for a navigation key; true when the key was one (the caller prevents its default). */
export function moveFocus(toolbar: HTMLElement, key: string): boolean {
  const step = STEP[key];
  const buttons = buttonsOf(toolbar);
  if (!step || buttons.length === 0) return false;
  const from = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const next = buttons[step(Math.max(0, from), buttons.length)]!;
  syncTabStop(toolbar, next);
  next.focus();
  return true;
}
