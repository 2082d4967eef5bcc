import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalSegmenter } from '../../src/engine/index';
import { createSegmentHandler, toNodeHandler } from '../../src/server/index';
import { rawExchange, seeded, uploadWhileReading } from './raw-http';

let server: Server;
let port: number;
let url: string;
beforeAll(async () => {
  const handler = createSegmentHandler({
    segmenter: createLocalSegmenter({ worker: false, model: false }),
    log: () => {},
  });
  server = createServer(toNodeHandler(handler));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}/v1`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const healthy = async () => (await fetch(`${url}/health`)).status;

function hostileRequests(): string[] {
  const line = (method: string, target: string, host = '127.0.0.1', extra = '') =>
    `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}\r\n`;
  const body = '{"object":"cat","image_url":"data:image/png;base64,AAAA"}';
  const post = (target: string, host: string, extra = '') =>
    line(
      'POST',
      target,
      host,
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n${extra}`,
    ) + body;
  const methods = [
    'TRACE',
    'TRACK',
    'CONNECT',
    'PROPFIND',
    'FOO',
    'get',
    'M-SEARCH',
    'PURGE',
    'DELETE',
    'HEAD',
  ];
  const targets = [
    '*',
    'http://evil.example/v1/health',
    'https://x:99999/v1/segment',
    '//evil.example/v1/health',
    '/v1/%ZZ',
    '/v1/segment?x=%',
    'a',
    `/${'x'.repeat(12_000)}`,
    'http://[::1/x',
    'http://user:pass@127.0.0.1/v1/segment',
  ];
  const hosts = ['a b', 'x:99999', '[::1', '', 'ü.example', 'h:-1', `${'h'.repeat(300)}.example`, 'x:0x50'];
  return [
    ...methods.flatMap((m) => [line(m, '/v1/segment'), line(m, '/v1/health')]),
    ...targets.flatMap((t) => [line('GET', t), post(t, '127.0.0.1')]),
    ...hosts.flatMap((h) => [line('GET', '/v1/health', h), post('/v1/segment', h)]),
    // Framing: lies, conflicts and malformed chunks.
    line('POST', '/v1/segment', '127.0.0.1', 'Content-Length: 100\r\n') + '{"short":',
    line('POST', '/v1/segment', '127.0.0.1', 'Content-Length: -5\r\n'),
    line('POST', '/v1/segment', '127.0.0.1', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n') +
      '0\r\n\r\n',
    line('POST', '/v1/segment', '127.0.0.1', 'Transfer-Encoding: chunked\r\n') + 'zz\r\nabc\r\n0\r\n\r\n',
    line('POST', '/v1/segment', '127.0.0.1', 'Transfer-Encoding: chunked\r\n') + 'ffffffffffff\r\nabc',
    line('POST', '/v1/segment', '127.0.0.1', 'Transfer-Encoding: gzip\r\n') + body,
    line('POST', '/v1/segment', '127.0.0.1', 'Content-Length: 3\r\nContent-Length: 4\r\n') + 'abcd',
    line('GET', '/v1/health', '127.0.0.1', 'NoColonHere\r\n'),
    line('GET', '/v1/health', '127.0.0.1', ' folded: value\r\n'),
    line('GET', '/v1/health', '127.0.0.1', 'X-Nul: a\0b\r\n'),
    line('GET', '/v1/health', '127.0.0.1', `X-Big: ${'b'.repeat(20_000)}\r\n`),
    line('GET', '/v1/health', '127.0.0.1', 'Origin: https://evil.example\r\n'),
    post('/v1/segment', '127.0.0.1', 'Origin: null\r\n'),
    'GET /v1/health HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /v1/health\r\n\r\n',
    '\r\n\r\n\r\n',
  ];
}

describe('hostile bytes over a raw socket: the server answers or closes, and lives', () => {
  it('every request gets an HTTP answer or a closed socket; /health answers after each batch', async () => {
    const random = seeded(10);
    const noise = Array.from({ length: 40 }, () =>
      Buffer.from(Array.from({ length: 1 + Math.floor(random() * 1500) }, () => Math.floor(random() * 256))),
    );
    const cases: (string | Buffer)[] = [...hostileRequests(), ...noise];
    const unanswered: string[] = [];
    for (let i = 0; i < cases.length; i += 12) {
      const batch = cases.slice(i, i + 12);
      const answers = await Promise.all(batch.map((bytes) => rawExchange(port, bytes)));
      answers.forEach((answer, j) => {
        // An answer is a status line; a silent close is fine; hanging past the wait is not.
        const answered = /^HTTP\/1\.[01] \d{3} /.test(answer.text) || answer.text === '';
        if (!answered) unanswered.push(String(batch[j]).slice(0, 60));
      });
      expect(await healthy()).toBe(200);
    }
    expect(unanswered).toEqual([]);
  });

  it('TRACE, a bad Host and an absolute-form target get a status, not a dead process', async () => {
    const trace = await rawExchange(port, 'TRACE /v1/segment HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(trace.text).toMatch(/^HTTP\/1\.1 405 /);
    const badHost = await rawExchange(port, 'GET /v1/health HTTP/1.1\r\nHost: x:99999\r\n\r\n');
    expect(badHost.text).toMatch(/^HTTP\/1\.1 200 /);
    const spaced = await rawExchange(port, 'GET /v1/health HTTP/1.1\r\nHost: a b\r\n\r\n');
    expect(spaced.text).toMatch(/^HTTP\/1\.1 (200|400) /);
    const absolute = await rawExchange(
      port,
      'GET http://elsewhere.example/v1/health HTTP/1.1\r\nHost: x\r\n\r\n',
    );
    expect(absolute.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(await healthy()).toBe(200);
  });
});

describe('bodies are counted as they stream, and early answers reach a client still uploading', () => {
  it('a client still uploading a declared 40 MB body reads its 413, not a reset', async () => {
    const answer = await uploadWhileReading(port, { total: 40_000_000, chunked: false });
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.text).toMatch(/"code":"payload_too_large"/);
    expect(answer.text).toMatch(/maxBodyBytes/);
  });

  it('a chunked 120 MB body is refused at the limit with bounded memory', async () => {
    const before = process.memoryUsage().rss;
    const answer = await uploadWhileReading(port, { total: 120_000_000, chunked: true });
    const grown = process.memoryUsage().rss - before;
    expect(answer.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.text).toMatch(/"code":"payload_too_large"/);
    // Buffering it whole would take 120 MB and more; counting it holds at most the 10 MB limit.
    expect(grown).toBeLessThan(60_000_000);
    expect(await healthy()).toBe(200);
  });
});

/** A PNG whose header declares width × height over a tiny IDAT (a decompression bomb's shape). */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    return out; // CRC left zero: the header alone must be enough to refuse it
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(4))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A baseline JPEG header declaring width × height, with no scan data behind it. */
function jpegDeclaring(width: number, height: number): Buffer {
  const sof = [
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xd9, ...new Array(32).fill(0)]);
}

describe('image dimensions are refused from the header, before any decode', () => {
  const post = (image: Buffer, mime: string) =>
    fetch(`${url}/segment`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        image_url: `data:${mime};base64,${image.toString('base64')}`,
        object: 'cat',
        spatial_refs: [[0.5, 0.5]],
      }),
    });

  it('the 69-byte PNG declaring 65535×65535 and a JPEG declaring 65535×65535: 413 naming the limit, flat memory', async () => {
    const bomb = pngDeclaring(65535, 65535);
    expect(bomb.length).toBeLessThan(80);
    const before = process.memoryUsage().rss;
    for (const [image, mime] of [
      [bomb, 'image/png'],
      [jpegDeclaring(65535, 65535), 'image/jpeg'],
      [pngDeclaring(30000, 30000), 'image/png'],
    ] as const) {
      const response = await post(image, mime);
      expect(response.status).toBe(413);
      const error = (await response.json()).error;
      expect(error.param).toBe('image_url');
      expect(error.message).toMatch(/maxPixels/);
    }
    expect(process.memoryUsage().rss - before).toBeLessThan(50_000_000);
  });
});
