/** A stream shaped like Moondream's (see shared/docs/segment-protocol.md), with a final bbox
 * that differs from the first one and a refined path in the compact syntax with a hole (wound opposite to its outer ring). */
export const COARSE_BBOX = { x_min: 0.1, y_min: 0.2, x_max: 0.6, y_max: 0.9 };
export const FINAL_BBOX = { x_min: 0.12, y_min: 0.18, x_max: 0.62, y_max: 0.88 };
export const COARSE_CHUNKS = [
  'M 0 0.76',
  ' L 0 0.32',
  ' C -0.031 0.919 -0.031 0.253 0.318 0.04',
  ' L 1.041 0.5',
  ' z',
];
export const REFINED_PATH = 'M.148,.021C.5,.0,1.000,.2,.95,.6L.5,1.000L.0,.6z M.4,.4L.4,.6L.6,.6L.6,.4z';

export function moondreamEvents(): object[] {
  return [
    { type: 'bbox', bbox: COARSE_BBOX },
    ...COARSE_CHUNKS.map((chunk, i) => ({ type: 'path_delta', chunk, completed: false, token_index: i + 1 })),
    {
      type: 'final',
      chunk: '',
      completed: true,
      path: REFINED_PATH,
      bbox: FINAL_BBOX,
      request_id: 'req-123',
      finish_reason: 'stop',
      metrics: {
        input_tokens: 812,
        output_tokens: 64,
        prefill_time_ms: 40.5,
        decode_time_ms: 300,
        ttft_ms: 52,
      },
    },
  ];
}

/** SSE text as kestrel writes it: `data: <json>` and a blank line, spaces after `:` and `,`. */
export function sseText(events: object[], eol = '\n'): string {
  // Indented JSON has raw newlines only between tokens (never inside strings): fold them.
  return events.map((e) => `data: ${JSON.stringify(e, null, 1).replace(/\n\s*/g, ' ')}${eol}${eol}`).join('');
}

/** A PNG of a white rectangle (pixel bounds x0..x1, y0..y1) on black: a known answer. */
export async function rectanglePng(
  width: number,
  height: number,
  [x0, y0, x1, y1]: [number, number, number, number],
): Promise<Uint8Array> {
  const { maskToPng } = await import('../../src/index');
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) mask[y * width + x] = 1;
  return maskToPng(mask, width, height);
}

export const dataUrlOf = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
