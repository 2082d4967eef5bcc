import { readFileSync, readdirSync } from 'node:fs';

/** A process and its descendants, parents first (Linux /proc). */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc'))
    if (/^\d+$/.test(name))
      try {
        parentOf.set(
          Number(name),
          Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]),
        );
      } catch {
        // ended while we looked
      }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, parent] of parentOf) if (parent === tree[i]) tree.push(pid);
  return tree;
}
