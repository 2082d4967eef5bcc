/**
 * Matches a shortcut by `event.key`, falling back to `event.code` so letter shortcuts work on
 * non-Latin layouts (a Russian layout's "и" is on the B key).
 */
export function matchKey(event: Pick<KeyboardEvent, 'key' | 'code'>, key: string): boolean {
  if (event.key.toLowerCase() === key.toLowerCase()) return true;
  if (key.length === 1 && /[a-z]/i.test(key) && !/^[a-z]$/i.test(event.key))
    return event.code === `Key${key.toUpperCase()}`;
  return false;
}

/** Ctrl on Windows and Linux, Cmd on macOS. */
export const isModifier = (event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey'>) =>
  event.ctrlKey || event.metaKey;
