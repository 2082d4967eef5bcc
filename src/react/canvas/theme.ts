/**
 * The kit's look as CSS custom properties with defaults, so an app themes every component from
 * its stylesheet (`--segmask-include: teal`). Controls over the photo are light on a dark glass
 * (they must read on any photo); controls on the page (the toolbar) take the page's text colour,
 * so they follow its light or dark theme without being told.
 */
// `--segmask-point` is the include colour's name from before exclude points existed.
export const INCLUDE = 'var(--segmask-include, var(--segmask-point, #15803d))';
export const EXCLUDE = 'var(--segmask-exclude, #dc2626)';
export const FOCUS = 'var(--segmask-focus, #2563eb)';
/** The glass under words and buttons drawn over the photo. */
export const GLASS = 'var(--segmask-control-background, rgba(17, 24, 39, 0.78))';
export const GLASS_TEXT = 'var(--segmask-control-color, #fff)';
export const font = '12px/1.6 system-ui, sans-serif';

/**
 * What inline styles cannot say: focus rings for keyboard focus only (`:focus-visible`), and
 * hover. A thick ring of the focus colour, off the element by a gap, reads on light and dark pages.
 * Rendered as a `<style>` by each component (identical copies are harmless; no global CSS to
 * import, and it renders on the server).
 */
export const INTERACTION_CSS =
  `:is([data-segmask-canvas],[data-segmask-canvas] button,[data-segmask-toolbar] button):focus-visible{outline:3px solid ${FOCUS};outline-offset:2px}` +
  '[data-segmask-toolbar] button:not([aria-disabled]):hover{box-shadow:inset 0 0 0 99px #8883}';
