import {
  maskBbox,
  maskToCutout,
  rasterizePath,
  resultsToSvg,
  toCocoDataset,
  toYoloSegmentation,
  type ImageSource,
  type SegmentResult,
} from '../../src/index';

export type ExportKind = 'cutout' | 'svg' | 'coco' | 'yolo';

export interface ExportedFile {
  name: string;
  type: string;
  data: string | Uint8Array;
  /** A cutout's place in the photo, in pixels (it is cropped to the object). */
  crop?: { x: number; y: number; width: number; height: number };
}

export const EXPORT_LABELS: Record<ExportKind, string> = {
  cutout: 'Cutout PNG',
  svg: 'SVG',
  coco: 'COCO',
  yolo: 'YOLO',
};

/** One result of one image as a file: a transparent cutout, or a label format. */
export async function exportResult(
  kind: ExportKind,
  job: {
    image: ImageSource;
    fileName: string;
    width: number;
    height: number;
    label: string;
    result: SegmentResult;
    feather: number;
  },
): Promise<ExportedFile> {
  const stem = job.fileName.replace(/\.[^.]+$/, '') || 'image';
  const object = { label: job.label, path: job.result.path, bbox: job.result.bbox };
  if (kind === 'cutout') {
    const data = await maskToCutout(job.image, object, { feather: job.feather });
    const box = maskBbox(
      rasterizePath(object.path, object.bbox, job.width, job.height),
      job.width,
      job.height,
    )!;
    const crop = {
      x: Math.round(box.xMin * job.width),
      y: Math.round(box.yMin * job.height),
      width: Math.round((box.xMax - box.xMin) * job.width),
      height: Math.round((box.yMax - box.yMin) * job.height),
    };
    return { name: `${stem}.${job.label}.png`, type: 'image/png', data, crop };
  }
  if (kind === 'svg')
    return {
      name: `${stem}.svg`,
      type: 'image/svg+xml',
      data: resultsToSvg([object], job.width, job.height),
    };
  if (kind === 'coco') {
    const dataset = toCocoDataset([
      { fileName: job.fileName, width: job.width, height: job.height, objects: [object] },
    ]);
    return { name: `${stem}.coco.json`, type: 'application/json', data: JSON.stringify(dataset) };
  }
  return { name: `${stem}.txt`, type: 'text/plain', data: toYoloSegmentation([object], { [job.label]: 0 }) };
}

export function download(file: ExportedFile) {
  const url = URL.createObjectURL(new Blob([file.data as BlobPart], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
