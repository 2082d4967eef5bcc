/** Development builds only: bundlers replace NODE_ENV; without one (no `process`) it stays quiet. */
function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return false;
  }
}

let warned = false;

/**
 * Says once, in development, that `segmask/styles.css` is not loaded. The canvas still works
 * without it (its layout is inline) but its markers and controls are unstyled, so the app should
 * know why. The stylesheet sets `--segmask-styles` on the canvas; its absence is the sign.
 */
export function warnIfStylesheetMissing(canvas: Element): void {
  if (warned || !isDevelopment()) return;
  if (getComputedStyle(canvas).getPropertyValue('--segmask-styles').trim() !== '') return;
  warned = true;
  console.warn(
    "segmask: the stylesheet is not loaded, so the canvas's markers and controls are unstyled. " +
      "Import it once in the app, e.g. in its entry or root layout: import 'segmask/styles.css';",
  );
}
