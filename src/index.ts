/**
 * `segmask`: the framework-free core. Wire types, the SSE decoder, the Moondream transport over
 * fetch, image encoding, and mask geometry and export. Runs in browsers, workers and Node 20+.
 */
export type {
  Bbox,
  BboxEvent,
  FinalEvent,
  FinishReason,
  ImageSource,
  PathDeltaEvent,
  Pixels,
  PreviewEvent,
  WireableEvent,
  SegmentEvent,
  SegmentMetrics,
  SegmentRequest,
  SegmentResult,
  Segmenter,
  SpatialRef,
} from './protocol/types';
export {
  SegmentError,
  isSegmentError,
  type SegmentErrorCode,
  type SegmentErrorOptions,
} from './protocol/errors';
export {
  validateSpatialRefs,
  validateObject,
  validateNegativeRefs,
  validateRequest,
  isBoxRef,
} from './protocol/validate';
export { defineSegmenter, type SegmenterParts } from './protocol/define-segmenter';
export { createHybridSegmenter, type HybridSegmenterOptions } from './protocol/hybrid-segmenter';
export { LOW_GROUNDING_SCORE } from './protocol/metrics';
export {
  fromWireEvent,
  toWireEvent,
  toWireResult,
  fromWireBbox,
  toWireBbox,
  toWireRefs,
  type WireBbox,
  type WireEvent,
  type WireSegmentRequest,
} from './protocol/wire';

export { decodeSegmentStream, type DecodeOptions } from './transport/decode-stream';
export {
  createMoondreamSegmenter,
  MOONDREAM_CLOUD_ENDPOINT,
  type MoondreamSegmenterOptions,
} from './transport/moondream';
export { collectResult, resultFromFinal } from './protocol/collect';
export type { RetryOptions } from './transport/retry';

export { encodeImage, type EncodeImageOptions, type EncodedImage } from './image/encode';
export { imageToPixels } from './image/decode';
export { readImageHeader, sniffImage, type ImageHeader, type ImageInfo } from './image/sniff';
export { DEFAULT_MAX_INPUT_PIXELS } from './image/pixel-limit';
export type { DecodeImageOptions } from './image/codec';

export {
  PathParser,
  DEFAULT_MAX_PATH_COMMANDS,
  DEFAULT_MAX_PATH_LENGTH,
  type PathParserOptions,
} from './geometry/incremental-path-parser';
export { parsePath } from './geometry/path-parser';
export { DEFAULT_MAX_MASK_PIXELS } from './geometry/limits';
export { serializePath, scalePath, type PathCommand } from './geometry/path-commands';
export { flattenPath, ringArea } from './geometry/flatten';
export {
  bboxTransform,
  pathToImage,
  pathToPixels,
  imagePathData,
  bboxToPixels,
  maskBbox,
} from './geometry/bbox';
export { rasterizePath, rasterizeRings, type RasterizeOptions } from './geometry/rasterize';
export { maskIoU } from './geometry/iou';

export {
  maskToCocoRle,
  cocoRleToMask,
  cocoRleArea,
  maskToRuns,
  runsToString,
  stringToRuns,
  type CocoRle,
  type CocoRleUncompressed,
} from './export/coco-rle';
export { pathToCocoPolygons } from './export/coco-polygons';
export { maskToPng, encodePng } from './export/png';
export { maskToCutout, type CutoutOptions, type CutoutMask } from './export/cutout';
export { toYoloSegmentation, parseYoloSegmentation, type YoloObject, type YoloLabel } from './export/yolo';
export {
  toCocoDataset,
  objectsToLabelMap,
  type CocoDataset,
  type CocoAnnotation,
  type CocoImageEntry,
  type LabeledObject,
} from './export/coco-dataset';
export { resultsToSvg, type SvgObject } from './export/svg';
