/**
 * JPEG decoding in Node with libjpeg-turbo compiled to WebAssembly, scaling while decoding.
 *
 * Why: jpeg-js (pure JS) needs about 2.2 s for a 12 MP photo, all before the engine, which
 * works at ≤ 1.5 MP anyway, can start. libjpeg-turbo decodes several times faster, and its
 * scaled IDCT (libjpeg's scale_num/scale_denom, here M/8) skips most of the IDCT, upsampling
 * and colour conversion for pixels the engine would average away: a 12 MP JPEG decodes at 3/8
 * (1500×1125) and is then box-filtered to 1.5 MP. `npm run bench:decode` compares the candidates
 * (jpeg-js, libjpeg-turbo at full size, libjpeg-turbo scaled).
 *
 * The `.wasm` comes from the MIT package `@cwasm/jpeg-turbo` (libjpeg-turbo: IJG/BSD licence),
 * driven by this glue through its TurboJPEG exports, because the package's own `decode()`
 * always decodes at full size and keeps one instance for the whole process, whose state is
 * undefined after a libjpeg error (its `longjmp` is a JS throw). Here every decode gets a fresh
 * instance of the compiled module (about a millisecond), so hostile bytes cannot corrupt a
 * later decode and the instance's memory goes back to the GC with it.
 *
 * Only scaled decodes come here (see codec.ts): at full size jpeg-js stays, because the
 * engine's quality floors were tuned on its exact pixels. libjpeg-turbo's differ by rounding
 * and chroma upsampling (mean 1 level), which flipped one borderline dev item (box mIoU 0.832 →
 * 0.822 with every dev JPEG decoded here).
 *
 * Node only: the package is resolved at run time (hidden from bundlers); browsers decode with
 * their own codecs. When the package is absent, `decodeJpegScaled` answers null and the caller
 * falls back to jpeg-js.
 */
import { SegmentError } from '../protocol/errors';
import type { Pixels } from './pixels';

interface TurboJpeg {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  tjInitDecompress(): number;
  tjDestroy(handle: number): number;
  tjDecompressHeader3(
    handle: number,
    src: number,
    size: number,
    width: number,
    height: number,
    subsampling: number,
    colorspace: number,
  ): number;
  tjDecompress2(
    handle: number,
    src: number,
    size: number,
    dst: number,
    width: number,
    pitch: number,
    height: number,
    pixelFormat: number,
    flags: number,
  ): number;
}

const TJPF_RGBA = 7;
const WASM_FILE = '@cwasm/jpeg-turbo/jpeg-turbo.wasm';

let compiled: Promise<WebAssembly.Module | null> | undefined;

/** Compiles the package's `.wasm` once; null when it is not installed. */
function turboModule(): Promise<WebAssembly.Module | null> {
  compiled ??= (async () => {
    // Specifiers in variables: bundlers of browser code must not try to include Node built-ins.
    const moduleSpecifier = 'node:module';
    const fsSpecifier = 'node:fs/promises';
    try {
      const { createRequire } = (await import(
        /* @vite-ignore */ moduleSpecifier
      )) as typeof import('node:module');
      const { readFile } = (await import(
        /* @vite-ignore */ fsSpecifier
      )) as typeof import('node:fs/promises');
      const bases = [import.meta.url, `${process.cwd()}/package.json`].filter(Boolean);
      for (const base of bases) {
        try {
          return await WebAssembly.compile(await readFile(createRequire(base).resolve(WASM_FILE)));
        } catch {
          // not resolvable from this base: try the next
        }
      }
    } catch {
      // not Node
    }
    return null;
  })();
  return compiled;
}

function instantiate(module: WebAssembly.Module): TurboJpeg {
  const fail = (what: string) => () => {
    throw new Error(what);
  };
  const instance = new WebAssembly.Instance(module, {
    // libjpeg's error exit longjmps; thrown as a JS error, it unwinds out of the instance,
    // which is then dropped (never reused).
    env: { setjmp: () => 0, longjmp: fail('libjpeg-turbo could not decode the JPEG') },
    wasi_snapshot_preview1: {
      environ_sizes_get: () => 0,
      environ_get: fail('environ_get'),
      proc_exit: fail('proc_exit'),
      fd_close: fail('fd_close'),
      fd_seek: fail('fd_seek'),
      fd_write: fail('fd_write'),
    },
  });
  return instance.exports as unknown as TurboJpeg;
}

/**
 * The smallest M/8 scale (M in 1..8) at which a `width`×`height` JPEG still has at least
 * `minPixels` pixels, so that a box filter down to `minPixels` afterwards loses nothing.
 */
export function dctScaleEighths(width: number, height: number, minPixels: number): number {
  for (let m = 1; m < 8; m++) {
    if (Math.ceil((width * m) / 8) * Math.ceil((height * m) / 8) >= minPixels) return m;
  }
  return 8;
}

/**
 * Decodes a JPEG to RGBA at the smallest M/8 scale with at least `minPixels` pixels (full size
 * when `minPixels` is Infinity). Null when libjpeg-turbo is not available here.
 */
export async function decodeJpegScaled(bytes: Uint8Array, minPixels: number): Promise<Pixels | null> {
  const module = await turboModule();
  if (!module) return null;
  const tj = instantiate(module);
  try {
    const src = tj.malloc(bytes.length);
    const meta = tj.malloc(16);
    const handle = tj.tjInitDecompress();
    if (!src || !meta || !handle) throw new Error('out of memory');
    new Uint8Array(tj.memory.buffer, src, bytes.length).set(bytes);
    if (tj.tjDecompressHeader3(handle, src, bytes.length, meta, meta + 4, meta + 8, meta + 12) !== 0)
      throw new Error('unreadable header');
    const [fullWidth, fullHeight] = new Uint32Array(tj.memory.buffer, meta, 2);
    const m = dctScaleEighths(fullWidth!, fullHeight!, minPixels);
    const width = Math.ceil((fullWidth! * m) / 8);
    const height = Math.ceil((fullHeight! * m) / 8);
    const dst = tj.malloc(width * height * 4);
    if (!dst) throw new Error('out of memory');
    if (tj.tjDecompress2(handle, src, bytes.length, dst, width, width * 4, height, TJPF_RGBA, 0) !== 0)
      throw new Error('corrupt data');
    // Copied out: the instance's memory is dropped with it.
    const data = new Uint8ClampedArray(tj.memory.buffer.slice(dst, dst + width * height * 4));
    return { data, width, height };
  } catch (cause) {
    throw new SegmentError(
      'invalid_input',
      `The JPEG could not be decoded (${cause instanceof Error ? cause.message : String(cause)}).`,
      { param: 'image', cause },
    );
  }
}
