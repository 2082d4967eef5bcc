/**
 * An upper bound for local corrections, from the engine's own first answers (box+clicks): under
 * the robot of bench:clicks, each click flips the nearest `--share` of the error region it lands
 * in (4-connected, ignore pixels excluded) and nothing else. What a correction would score if it
 * fixed that share of every clicked region; docs/benchmarks.md compares it with the engine's.
 *
 *   npx tsx bench/clicks-bound.bench.ts [--set dev|tuning] [--share 0.75]
 */
import { maskIoU, rasterizePath } from '../src/index';
import type { PreviousAnswer } from '../src/protocol/types';
import { promptFromRefs, runSegmentation } from '../src/engine/algorithm/run-segmentation';
import { flagValue } from './bench-utils';
import { clicksToReach, MAX_CLICKS, nextClick, STOP } from './click-robot';
import { loadItemPixels, loadItemTruth, loadSet } from './click-sets';
import { widen } from '../test/helpers/dev-set';

const setName = flagValue('set') ?? 'tuning';
const share = Number(flagValue('share') ?? 1);

/** The 4-connected region of `inRegion` pixels holding `start`, nearest to it first. */
function regionByDistance(start: number, w: number, n: number, inRegion: (p: number) => boolean): number[] {
  const seen = new Uint8Array(n);
  const stack = [start];
  const region: number[] = [];
  seen[start] = 1;
  while (stack.length > 0) {
    const p = stack.pop()!;
    region.push(p);
    const x = p % w;
    for (const q of [x > 0 ? p - 1 : -1, x + 1 < w ? p + 1 : -1, p - w, p + w])
      if (q >= 0 && q < n && !seen[q] && inRegion(q)) {
        seen[q] = 1;
        stack.push(q);
      }
  }
  const d2 = (p: number) => ((p % w) - (start % w)) ** 2 + (Math.floor(p / w) - Math.floor(start / w)) ** 2;
  return region.sort((a, b) => d2(a) - d2(b));
}

const items = loadSet(setName);
if (!items) {
  console.log(`../shared/data/${setName} is absent; skipped.`);
} else {
  const sessions: number[][] = [];
  for (const item of items) {
    const pixels = loadItemPixels(item);
    const truth = loadItemTruth(item);
    const { width: W, height: H } = pixels;
    let final: PreviousAnswer | undefined;
    for (const event of runSegmentation(pixels, promptFromRefs([widen(item.box)])))
      if (event.type === 'final') final = event as PreviousAnswer;
    const mask = final ? rasterizePath(final.path, final.bbox, W, H) : new Uint8Array(W * H);
    const clicked = new Uint8Array(W * H);
    const ious: number[] = [];
    for (let k = 1; k <= MAX_CLICKS; k++) {
      const iou = maskIoU(mask, truth.mask, truth.ignore);
      ious.push(iou);
      if (iou >= STOP) break;
      const click = nextClick(mask, truth.mask, truth.ignore, clicked, W, H);
      const at = click.y * W + click.x;
      clicked[at] = 1;
      const wrong = (p: number) =>
        !truth.ignore[p] && (click.include ? !!truth.mask[p] && !mask[p] : !truth.mask[p] && !!mask[p]);
      if (!wrong(at)) continue;
      const region = regionByDistance(at, W, W * H, wrong);
      for (const p of region.slice(0, Math.ceil(region.length * share))) mask[p] = click.include ? 1 : 0;
    }
    sessions.push(ious);
  }
  const mean = (f: (s: number[]) => number) => sessions.reduce((a, s) => a + f(s), 0) / sessions.length;
  const after = (k: number) => mean((s) => s[Math.min(k, s.length) - 1]!);
  console.log(
    `${setName} (${sessions.length} items), box+clicks, share ${share}: NoC@85 ${mean((s) => clicksToReach(s, 0.85)).toFixed(2)}, NoC@90 ${mean((s) => clicksToReach(s, 0.9)).toFixed(2)}, mIoU@1/3/5 ${[1, 3, 5].map((k) => after(k).toFixed(3)).join(' / ')}`,
  );
}
