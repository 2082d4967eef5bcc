import type { CSSProperties } from 'react';
import { EXCLUDE, INCLUDE } from './theme';

/**
 * The toolbar's look. It sits on the page, not on the photo: text in the page's colour
 * (`currentColor`), hairlines mixed from it, so it follows a light or dark page by itself;
 * `--segmask-toolbar-background` and `--segmask-toolbar-border` override.
 */
const hairline = 'var(--segmask-toolbar-border, color-mix(in srgb, currentColor 22%, transparent))';

export const toolbarStyle: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 4,
  padding: 4,
  font: '13px/1.2 system-ui, sans-serif',
  background: 'var(--segmask-toolbar-background, transparent)',
  border: `1px solid ${hairline}`,
  borderRadius: 8,
};

export const toolbarSeparatorStyle: CSSProperties = {
  width: 1,
  alignSelf: 'stretch',
  margin: '2px 4px',
  background: hairline,
};

export const toolbarButtonStyle = (disabled: boolean, pressed?: 'include' | 'exclude'): CSSProperties => ({
  minHeight: 32,
  padding: '0 10px',
  font: 'inherit',
  fontWeight: pressed ? 600 : 400,
  color: pressed ? '#fff' : 'inherit',
  background: pressed ? (pressed === 'include' ? INCLUDE : EXCLUDE) : 'transparent',
  border: `1px solid ${pressed ? 'transparent' : hairline}`,
  borderRadius: 6,
  cursor: disabled ? 'not-allowed' : 'pointer',
  opacity: disabled ? 0.45 : 1,
});

export const toolbarReasonStyle: CSSProperties = { padding: '0 6px', fontSize: 12, opacity: 0.75 };
