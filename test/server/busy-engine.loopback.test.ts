/**
 * What a busy engine leaves the event loop (issue 23): a full engine answers 429 before reading
 * the body; a request holds its place while its body is parsed, so the engine threads never parse
 * a body that is then refused; `/health` answers while every turn and place is taken; and the
 * engine threads run below the event loop's priority (Linux), so a probe never waits behind them.
 * Behind Node's adapter, that 429 is given from the request's head, before a `Request` exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Segmenter } from '../../src/index';
import {
  createEnginePool,
  createSegmentHandler,
  toNodeHandler,
  type SegmentBodyParser,
  type SegmentHandlerOptions,
} from '../../src/server/index';
import { engineRequestFromBody } from '../../src/engine/wire-body/engine-request-from-body';
import { ENGINE_THREAD_NICENESS } from '../../src/engine/runtime/node/yield-to-event-loop';
import { dataUrlOf, rectanglePng } from '../helpers/fixtures';

const png = await rectanglePng(64, 48, [10, 10, 50, 40]);
const body = JSON.stringify({
  image_url: dataUrlOf(png),
  object: 'box',
  spatial_refs: [[0.1, 0.1, 0.9, 0.9]],
});

/**
 * A segmenter whose streams wait for `open()`, with a body parser that records each body and
 * answers only when `finishParses()` is called (an engine thread busy elsewhere).
 */
function heldEngine() {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const parses: (() => void)[] = [];
  const segmenter: Segmenter & SegmentBodyParser = {
    async *stream() {
      await gate;
      yield { type: 'final', path: 'M0,0L1,0L1,1z', bbox: { xMin: 0, yMin: 0, xMax: 1, yMax: 1 } };
    },
    segment: () => Promise.reject(new Error('unused')),
    parseBody: (bytes, limits) =>
      new Promise((resolve) => parses.push(() => resolve(engineRequestFromBody(bytes, limits)))),
  };
  const finishParses = () => {
    for (const finish of parses.splice(0)) finish();
  };
  return { segmenter, parses, finishParses, open };
}

/** A handler with one turn over a held engine. */
const handlerOver = (engine: ReturnType<typeof heldEngine>, options: Partial<SegmentHandlerOptions>) =>
  createSegmentHandler({ segmenter: engine.segmenter, concurrency: 1, log: () => {}, ...options });

const post = (handler: (r: Request) => Promise<Response>, payload: BodyInit = body) =>
  handler(
    new Request('http://127.0.0.1/v1/segment', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: payload,
      // @ts-expect-error Node's fetch needs `duplex` for a streamed request body.
      duplex: 'half',
    }),
  );
const health = async (handler: (r: Request) => Promise<Response>) =>
  (await handler(new Request('http://127.0.0.1/v1/health'))).json() as Promise<{
    running: number;
    waiting: number;
  }>;

describe('a busy engine', () => {
  it('holds a place while a body is parsed: a body beyond the places is refused unparsed', async () => {
    const engine = heldEngine();
    const handler = handlerOver(engine, { maxQueue: 1 });
    const answers = [post(handler), post(handler), post(handler)];
    let settled = 0;
    for (const a of answers) void a.then(() => settled++);
    // Two places (one turn, one in line): two bodies go to the threads; the third is answered.
    await vi.waitFor(() => expect(engine.parses.length + settled).toBe(3));
    expect(engine.parses).toHaveLength(2);
    expect((await answers[2]!).status).toBe(429);
    engine.finishParses();
    await vi.waitFor(async () => expect(await health(handler)).toMatchObject({ running: 1, waiting: 1 }));
    engine.open();
    expect((await answers[0]!).status).toBe(200);
    expect((await answers[1]!).status).toBe(200);
  });

  it('when full, answers 429 without reading the body, and /health still answers', async () => {
    const engine = heldEngine();
    const handler = handlerOver(engine, { maxQueue: 0 });
    const running = post(handler);
    await vi.waitFor(() => expect(engine.parses).toHaveLength(1));
    engine.finishParses();
    await vi.waitFor(async () => expect((await health(handler)).running).toBe(1));
    // An upload that counts what is read of it.
    let pulls = 0;
    const upload = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
        // Nothing is pulled until someone reads.
      },
      { highWaterMark: 0 },
    );
    const refused = await post(handler, upload);
    expect(refused.status).toBe(429);
    expect(pulls).toBe(0);
    expect(engine.parses).toHaveLength(0);
    expect(await health(handler)).toMatchObject({ running: 1, waiting: 0 });
    engine.open();
    expect((await running).status).toBe(200);
  });
});

describe("a full engine behind Node's adapter", () => {
  it('refuses from the request head: the fetch handler never runs, and the answer is what it would give', async () => {
    const engine = heldEngine();
    const handler = handlerOver(engine, { maxQueue: 0, corsOrigins: ['https://app.example'] });
    const fetchHandlerRuns: string[] = [];
    // The same handler, recording which requests reach its fetch side.
    const recorded = Object.assign(
      (request: Request) => {
        fetchHandlerRuns.push(`${request.method} ${new URL(request.url).pathname}`);
        return handler(request);
      },
      { refuseIfBusy: handler.refuseIfBusy },
    );
    const server = createServer(toNodeHandler(recorded));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const running = fetch(`${url}/segment`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json' },
      });
      await vi.waitFor(() => expect(engine.parses).toHaveLength(1));
      engine.finishParses();
      await vi.waitFor(async () => expect((await (await fetch(`${url}/health`)).json()).running).toBe(1));
      fetchHandlerRuns.length = 0;

      const refused = await fetch(`${url}/segment`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', Origin: 'https://app.example' },
      });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(await refused.json()).toMatchObject({
        error: { code: 'rate_limited', type: 'rate_limit_error' },
      });
      expect(fetchHandlerRuns).toEqual([]);

      // What the head alone cannot answer still goes to the handler: a foreign page gets its 403,
      // a wrong method its 405, /health its answer.
      const foreign = await fetch(`${url}/segment`, {
        method: 'POST',
        body,
        headers: { Origin: 'https://evil.example' },
      });
      expect(foreign.status).toBe(403);
      expect((await fetch(`${url}/segment`)).status).toBe(405);
      expect((await fetch(`${url}/health`)).status).toBe(200);
      expect(fetchHandlerRuns).toEqual(['POST /v1/segment', 'GET /v1/segment', 'GET /v1/health']);

      engine.open();
      expect((await running).status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** The nice value of each thread of this process, by thread id (Linux /proc). */
function niceByThread(): Map<number, number> {
  const nice = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    nice.set(Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return nice;
}

const mainNice = process.platform === 'linux' ? niceByThread().get(process.pid) : undefined;

describe.skipIf(mainNice !== 0)('engine threads on Linux', () => {
  const pool = createEnginePool({ size: 2, model: false });
  afterAll(() => pool.destroy());

  it('run below the event loop’s priority, which stays as it was', async () => {
    const before = [...niceByThread().values()].filter((n) => n === ENGINE_THREAD_NICENESS).length;
    await pool.warmUp(); // starts both threads
    const after = niceByThread();
    expect([...after.values()].filter((n) => n === ENGINE_THREAD_NICENESS).length - before).toBe(2);
    expect(after.get(process.pid)).toBe(0);
  });
});
