/**
 * Offline engine quality and speed on ../shared/data/dev:
 * `npm run bench:engine [box|grabcut|point|point-alone|text|box-margins]` (`point-alone`: no
 * detector; `box-margins`, only when asked: the same boxes tight (widened by 0) and loose (0.05)).
 * Box prompts (manifest box widened by 0.02), point prompts (manifest point and label) and
 * text-only prompts (label alone, COCO items); per mode and source: mIoU and median / p90 time
 * to bbox, first path_delta and final. Point and text prompts go through the detector. In the
 * same run, OpenCV.js grabCut on the same boxes (`grabcut` mode), side by side.
 */
import { SegmentError, maskIoU, rasterizePath, type SegmentEvent, type SpatialRef } from '../src/index';
import { runSegmentation, promptFromRefs } from '../src/engine/algorithm/run-segmentation';
import { groundPrompt } from '../src/engine/grounding/ground-prompt';
import { loadCenterNet, type ObjectDetector } from '../src/engine/grounding/object-detector';
import { benchArgs, finishBench } from './bench-report';
import { median, percentile, printTable } from './bench-utils';
import { grabCutMask, loadOpenCv } from './opencv-grabcut';
import {
  hasDevData,
  loadManifest,
  loadPixels,
  loadTruth,
  widen,
  type DevItem,
} from '../test/helpers/dev-set';

interface Row {
  mode: string;
  source: string;
  iou: number;
  bbox: number;
  delta: number;
  final: number;
}

let detector: ObjectDetector | undefined;

async function runGrabCut(item: DevItem): Promise<Omit<Row, 'mode' | 'source'>> {
  const pixels = loadPixels(item);
  const t0 = performance.now();
  const mask = await grabCutMask(pixels, widen(item.box));
  const t = performance.now() - t0;
  const truth = loadTruth(item);
  return { iou: mask ? maskIoU(mask, truth.mask, truth.ignore) : 0, bbox: NaN, delta: NaN, final: t };
}

async function runOne(
  item: DevItem,
  refs: SpatialRef[],
  object: string,
  ground = true,
): Promise<Omit<Row, 'mode' | 'source'>> {
  const pixels = loadPixels(item);
  const t0 = performance.now();
  const times: Record<string, number> = {};
  let final: Extract<SegmentEvent, { type: 'final' }> | undefined;
  try {
    const prompt = ground
      ? await groundPrompt(pixels, object, promptFromRefs(refs), detector!)
      : promptFromRefs(refs);
    for (const event of runSegmentation(pixels, prompt)) {
      times[event.type] ??= performance.now() - t0;
      if (event.type === 'final') final = event;
    }
  } catch (error) {
    if (!(error instanceof SegmentError && error.code === 'ungrounded')) throw error;
    const t = performance.now() - t0; // not found: scored as an empty mask
    return { iou: 0, bbox: t, delta: t, final: t };
  }
  const truth = loadTruth(item);
  const mask = rasterizePath(final!.path, final!.bbox!, pixels.width, pixels.height);
  return {
    iou: maskIoU(mask, truth.mask, truth.ignore),
    bbox: times.bbox!,
    delta: times.path_delta ?? times.final!,
    final: times.final!,
  };
}

async function main() {
  if (!hasDevData) {
    console.log('bench:engine: ../shared/data/dev is absent; nothing to measure.');
    return;
  }
  const only = benchArgs()[0];
  const items = loadManifest();
  const rows: Row[] = [];
  detector = await loadCenterNet();
  if (!only || only === 'grabcut') await loadOpenCv();
  for (const item of items) {
    if (!only || only === 'box')
      rows.push({ mode: 'box', source: item.source, ...(await runOne(item, [widen(item.box)], item.label)) });
    if (!only || only === 'point')
      rows.push({ mode: 'point', source: item.source, ...(await runOne(item, [item.point], item.label)) });
    if (!only || only === 'point-alone')
      rows.push({
        mode: 'point-alone',
        source: item.source,
        ...(await runOne(item, [item.point], item.label, false)),
      });
    if ((!only || only === 'text') && item.source === 'coco_mval')
      rows.push({ mode: 'text', source: item.source, ...(await runOne(item, [], item.label)) });
    if (!only || only === 'grabcut')
      rows.push({ mode: 'grabcut', source: item.source, ...(await runGrabCut(item)) });
    if (only === 'box-margins') {
      rows.push({
        mode: 'box tight (0)',
        source: item.source,
        ...(await runOne(item, [widen(item.box, 0)], item.label)),
      });
      rows.push({
        mode: 'box loose (0.05)',
        source: item.source,
        ...(await runOne(item, [widen(item.box, 0.05)], item.label)),
      });
    }
  }
  const table: (string | number)[][] = [
    ['mode', 'source', 'n', 'mIoU', 'bbox med/p90 ms', 'first delta med/p90 ms', 'final med/p90 ms'],
  ];
  for (const mode of [
    'box',
    'grabcut',
    'point',
    'point-alone',
    'text',
    'box tight (0)',
    'box loose (0.05)',
  ]) {
    for (const source of ['grabcut', 'coco_mval', 'all']) {
      const sel = rows.filter((r) => r.mode === mode && (source === 'all' || r.source === source));
      if (sel.length === 0) continue;
      const mp = (k: 'bbox' | 'delta' | 'final') =>
        Number.isNaN(sel[0]![k])
          ? '—'
          : `${median(sel.map((r) => r[k])).toFixed(0)} / ${percentile(
              sel.map((r) => r[k]),
              90,
            ).toFixed(0)}`;
      table.push([
        mode,
        source,
        sel.length,
        (sel.reduce((a, r) => a + r.iou, 0) / sel.length).toFixed(3),
        mp('bbox'),
        mp('delta'),
        mp('final'),
      ]);
    }
  }
  printTable(`segmask offline engine on the dev set (node ${process.version}; image already decoded)`, table);
  await finishBench(only ? `engine ${only}` : 'engine', 'bench:engine');
}

await main();
