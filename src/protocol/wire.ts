/**
 * The boundary with Moondream's JSON: snake_case lives here and nowhere else.
 */
import { describeValue } from './describe-value';
import { SegmentError } from './errors';
import type {
  Bbox,
  FinalEvent,
  FinishReason,
  SegmentEvent,
  SegmentMetrics,
  SpatialRef,
  WireableEvent,
} from './types';

export interface WireBbox {
  x_min: number;
  y_min: number;
  x_max: number;
  y_max: number;
}

export interface WireSegmentRequest {
  image_url: string;
  object: string;
  spatial_refs?: number[][];
  stream?: boolean;
  settings?: { temperature?: number; top_p?: number; max_tokens?: number };
}

export type WireEvent =
  | { type: 'bbox'; bbox: WireBbox }
  | { type: 'path_delta'; chunk: string; completed: false; token_index?: number }
  | {
      type: 'final';
      chunk: '';
      completed: true;
      path: string;
      bbox: WireBbox | null;
      request_id?: string;
      finish_reason?: FinishReason;
      metrics?: Record<string, number>;
      parse_error?: string;
      /** segmask extension: which engine tier answered. */
      engine?: string;
    };

function invalid(message: string): SegmentError {
  return new SegmentError('invalid_response', `The server sent an event the kit cannot read: ${message}`);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function fromWireBbox(value: unknown): Bbox {
  const b = value as Partial<WireBbox> | null;
  if (
    typeof b !== 'object' ||
    b === null ||
    !isFiniteNumber(b.x_min) ||
    !isFiniteNumber(b.y_min) ||
    !isFiniteNumber(b.x_max) ||
    !isFiniteNumber(b.y_max)
  ) {
    throw invalid(`bbox ${describeValue(value)} is not {x_min, y_min, x_max, y_max}`);
  }
  return { xMin: b.x_min, yMin: b.y_min, xMax: b.x_max, yMax: b.y_max };
}

export function toWireBbox(bbox: Bbox): WireBbox {
  return { x_min: bbox.xMin, y_min: bbox.yMin, x_max: bbox.xMax, y_max: bbox.yMax };
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function fromWireMetrics(value: unknown): SegmentMetrics | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const metrics: SegmentMetrics = {};
  for (const [key, v] of Object.entries(value)) if (isFiniteNumber(v)) metrics[camel(key)] = v;
  return metrics;
}

function toWireMetrics(metrics: SegmentMetrics): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(metrics)) if (v !== undefined) out[snake(key)] = v;
  return out;
}

/** Parses one decoded JSON event. Unknown `type`s return null (forward compatible). */
export function fromWireEvent(json: unknown): SegmentEvent | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(`expected a JSON object, got ${describeValue(json)}`);
  }
  const e = json as Record<string, unknown>;
  switch (e.type) {
    case 'bbox':
      return { type: 'bbox', bbox: fromWireBbox(e.bbox) };
    case 'path_delta': {
      if (typeof e.chunk !== 'string') throw invalid('path_delta without a string chunk');
      const event: SegmentEvent = { type: 'path_delta', chunk: e.chunk };
      if (isFiniteNumber(e.token_index)) event.tokenIndex = e.token_index;
      return event;
    }
    case 'final':
      return finalFromWire(e);
    case undefined:
      // A mid-stream error object, e.g. {"error": "..."}: the caller maps it.
      if ('error' in e) return null;
      throw invalid(`event without a type: ${describeValue(json)}`);
    default:
      return null;
  }
}

/** Reads a `final` event or a non-streaming response body (same fields). */
export function finalFromWire(e: Record<string, unknown>): FinalEvent {
  const path = typeof e.path === 'string' ? e.path : '';
  const event: FinalEvent = {
    type: 'final',
    path,
    bbox: e.bbox === null || e.bbox === undefined ? null : fromWireBbox(e.bbox),
  };
  if (typeof e.request_id === 'string') event.requestId = e.request_id;
  if (e.finish_reason === 'stop' || e.finish_reason === 'length' || e.finish_reason === 'error') {
    event.finishReason = e.finish_reason;
  }
  const metrics = fromWireMetrics(e.metrics);
  if (metrics) event.metrics = metrics;
  if (typeof e.parse_error === 'string') event.parseError = e.parse_error;
  if (typeof e.engine === 'string') event.engine = e.engine.slice(0, 100);
  return event;
}

/** An event as a server sends it. The kit's `preview` is never sent (see `WireableEvent`). */
export function toWireEvent(event: WireableEvent): WireEvent {
  switch (event.type) {
    case 'bbox':
      return { type: 'bbox', bbox: toWireBbox(event.bbox) };
    case 'path_delta': {
      const wire: WireEvent = { type: 'path_delta', chunk: event.chunk, completed: false };
      if (event.tokenIndex !== undefined) wire.token_index = event.tokenIndex;
      return wire;
    }
    case 'final': {
      const wire: WireEvent = {
        type: 'final',
        chunk: '',
        completed: true,
        path: event.path,
        bbox: event.bbox ? toWireBbox(event.bbox) : null,
      };
      if (event.requestId !== undefined) wire.request_id = event.requestId;
      if (event.finishReason !== undefined) wire.finish_reason = event.finishReason;
      if (event.metrics) wire.metrics = toWireMetrics(event.metrics);
      if (event.parseError !== undefined) wire.parse_error = event.parseError;
      if (event.engine !== undefined) wire.engine = event.engine;
      return wire;
    }
  }
}

/** The body of a non-streaming response. */
export function toWireResult(
  event: FinalEvent,
): Omit<Extract<WireEvent, { type: 'final' }>, 'type' | 'chunk' | 'completed'> {
  const {
    type: _t,
    chunk: _c,
    completed: _d,
    ...rest
  } = toWireEvent(event) as Extract<WireEvent, { type: 'final' }>;
  return rest;
}

export function toWireRefs(refs: readonly SpatialRef[]): number[][] {
  return refs.map((ref) => [...ref]);
}

/** segmask's `error` event: the last event of a stream that failed after it started. */
export interface WireErrorEvent {
  type: 'error';
  error: { message: string; type: string; code: string };
}

/** Encodes a failure as the `error` event (see segment-protocol.md, "segmask extensions"). */
export function toWireError(error: SegmentError): WireErrorEvent {
  const type =
    error.code === 'server_error' || error.code === 'network' ? 'server_error' : 'invalid_request_error';
  return { type: 'error', error: { message: error.message, type, code: error.code } };
}
