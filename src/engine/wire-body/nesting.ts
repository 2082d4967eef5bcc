/** Levels of arrays and objects a body's field may nest: refs need 2, `previous` 2. */
export const MAX_FIELD_DEPTH = 16;

/**
 * The first top-level field of a parsed body that nests deeper than `maxDepth` levels, or
 * undefined. Walked with a stack of its own, so a value nested a million deep costs a loop,
 * not the call stack; anything that later serializes or describes the body (a proxy forwarding
 * it, an error quoting it) then meets only shallow values.
 */
export function tooDeepField(
  fields: Record<string, unknown>,
  maxDepth = MAX_FIELD_DEPTH,
): string | undefined {
  for (const [key, value] of Object.entries(fields)) {
    const stack: [unknown, number][] = [[value, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      if (depth > maxDepth) return key;
      for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
    }
  }
  return undefined;
}
