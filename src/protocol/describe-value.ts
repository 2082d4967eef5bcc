/** Characters of a bad value an error message quotes at most. */
const MAX_EXCERPT = 60;
/** Nesting an excerpt opens before it writes `[…]`. */
const MAX_DEPTH = 3;

/** Writes `value` into `out` until the excerpt is long enough; never deeper than MAX_DEPTH. */
function sketch(value: unknown, depth: number, out: string[], room: { left: number }): void {
  const put = (text: string) => {
    out.push(text);
    room.left -= text.length;
  };
  if (room.left <= 0) return;
  if (typeof value === 'object' && value !== null) {
    const list = Array.isArray(value);
    const [open, close] = list ? ['[', ']'] : ['{', '}'];
    const keys = list ? [] : Object.keys(value);
    const count = list ? value.length : keys.length;
    if (depth >= MAX_DEPTH) return put(count ? `${open}…${close}` : `${open}${close}`);
    put(open);
    let i = 0;
    for (; i < count && room.left > 0; i++) {
      if (i > 0) put(',');
      if (!list) put(`${JSON.stringify(keys[i]!.slice(0, MAX_EXCERPT))}:`);
      sketch(list ? value[i] : (value as Record<string, unknown>)[keys[i]!], depth + 1, out, room);
    }
    if (i === count) return put(close);
    return put(`${out[out.length - 1] === ',' ? '' : ','}… ${count} ${list ? 'items' : 'keys'}${close}`);
  }
  if (typeof value === 'string') {
    const quoted = JSON.stringify(value.slice(0, MAX_EXCERPT));
    return put(value.length > MAX_EXCERPT ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted);
  }
  put(String(value));
}

/**
 * A short picture of a bad value for an error message: about MAX_EXCERPT characters of it, and
 * the size of what was cut (a string's characters, a list's items, an object's keys). A refusal must cost little whatever it refuses: quoting a 9 MB
 * string whole made a 9 MB error body, and serializing an array nested 20,000 deep overflowed
 * the stack (a 500 instead of the 400), so this walks only a few levels and a few items.
 */
export function describeValue(value: unknown): string {
  const out: string[] = [];
  sketch(value, 0, out, { left: MAX_EXCERPT });
  return out.join('');
}
