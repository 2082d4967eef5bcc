import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathParser, SegmentError, parsePath, serializePath, type PathCommand } from '../../src/index';
import { COARSE_CHUNKS, REFINED_PATH } from '../helpers/fixtures';

const close = (a: PathCommand[], b: PathCommand[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((c, i) => {
    const d = b[i]!;
    expect(c.type).toBe(d.type);
    for (const k of Object.keys(c) as (keyof PathCommand)[]) {
      if (k !== 'type')
        expect((c as unknown as Record<string, number>)[k]).toBeCloseTo(
          (d as unknown as Record<string, number>)[k]!,
          9,
        );
    }
  });
};

describe('parsePath', () => {
  it('reads the coarse stream syntax', () => {
    expect(parsePath(COARSE_CHUNKS.join(''))).toEqual([
      { type: 'M', x: 0, y: 0.76 },
      { type: 'L', x: 0, y: 0.32 },
      { type: 'C', x1: -0.031, y1: 0.919, x2: -0.031, y2: 0.253, x: 0.318, y: 0.04 },
      { type: 'L', x: 1.041, y: 0.5 },
      { type: 'Z' },
    ]);
  });

  it('reads the refined compact syntax: commas, dropped leading zeros, several subpaths', () => {
    const commands = parsePath(REFINED_PATH);
    expect(commands[0]).toEqual({ type: 'M', x: 0.148, y: 0.021 });
    expect(commands[1]).toEqual({ type: 'C', x1: 0.5, y1: 0, x2: 1, y2: 0.2, x: 0.95, y: 0.6 });
    expect(commands.filter((c) => c.type === 'M')).toHaveLength(2);
    expect(commands.filter((c) => c.type === 'Z')).toHaveLength(2);
    expect(parsePath('M.1.2L.3.4')).toEqual([
      { type: 'M', x: 0.1, y: 0.2 },
      { type: 'L', x: 0.3, y: 0.4 },
    ]);
    expect(parsePath('M1-2L-3-.5')).toEqual([
      { type: 'M', x: 1, y: -2 },
      { type: 'L', x: -3, y: -0.5 },
    ]);
  });

  it('handles relative commands, H/V, implicit repeats and exponents', () => {
    expect(parsePath('m 1 1 2 0 0 2 h -1 v -1 z l 1e-1 2E1')).toEqual([
      { type: 'M', x: 1, y: 1 },
      { type: 'L', x: 3, y: 1 },
      { type: 'L', x: 3, y: 3 },
      { type: 'L', x: 2, y: 3 },
      { type: 'L', x: 2, y: 2 },
      { type: 'Z' },
      { type: 'L', x: 1.1, y: 21 },
    ]);
    expect(parsePath('M0 0L1 1 2 2 3 3').filter((c) => c.type === 'L')).toHaveLength(3);
    expect(parsePath('M0 0C1 0 1 0 1 1 2 1 2 1 2 2').filter((c) => c.type === 'C')).toHaveLength(2);
  });

  it('reduces S, Q and T to cubics with reflected controls', () => {
    close(parsePath('M0 0C0 1 1 1 1 0S2 -1 2 0'), [
      { type: 'M', x: 0, y: 0 },
      { type: 'C', x1: 0, y1: 1, x2: 1, y2: 1, x: 1, y: 0 },
      { type: 'C', x1: 1, y1: -1, x2: 2, y2: -1, x: 2, y: 0 },
    ]);
    close(parsePath('M0 0Q1 3 2 0T4 0'), [
      { type: 'M', x: 0, y: 0 },
      { type: 'C', x1: 2 / 3, y1: 2, x2: 4 / 3, y2: 2, x: 2, y: 0 },
      { type: 'C', x1: 8 / 3, y1: -2, x2: 10 / 3, y2: -2, x: 4, y: 0 },
    ]);
  });

  it('turns arcs into cubics that end at the arc end and stay on the circle', () => {
    const commands = parsePath('M0 1A1 1 0 0 1 2 1');
    const cubics = commands.filter((c): c is Extract<PathCommand, { type: 'C' }> => c.type === 'C');
    expect(cubics.length).toBe(2);
    expect(cubics[1]!.x).toBeCloseTo(2, 12);
    expect(cubics[1]!.y).toBeCloseTo(1, 12);
    expect(Math.hypot(cubics[0]!.x - 1, cubics[0]!.y - 1)).toBeCloseTo(1, 9);
    // Compact flags: "a1 1 0 00.5.5" is rx ry rot large=0 sweep=0 x=.5 y=.5.
    const compact = parsePath('M0 0a1 1 0 00.5.5');
    expect(compact.at(-1)).toMatchObject({ x: 0.5, y: 0.5 });
  });

  it('gives a clear SegmentError on bad input', () => {
    const bad = [
      'L 0 0',
      'M 0',
      'M 0 0 X 1 1',
      'M 0 0 L 1',
      '12 3',
      'M 0 0 z 1 2',
      'M 0 0 A 1 1 0 2 0 1 1',
      'M 0 0 L 1 e',
    ];
    for (const d of bad) {
      let error: unknown;
      try {
        parsePath(d);
      } catch (e) {
        error = e;
      }
      expect(error, d).toBeInstanceOf(SegmentError);
      expect((error as SegmentError).code).toBe('parse_error');
      expect((error as SegmentError).message).toMatch(/character \d+/);
    }
  });

  it('parses incrementally, chunk by chunk, as the whole', () => {
    const parser = new PathParser();
    const out: PathCommand[] = [];
    const counts = COARSE_CHUNKS.map((chunk) => parser.push(chunk, out).length);
    parser.end(out);
    expect(counts).toEqual([1, 2, 3, 4, 5]); // each whole-command chunk is emitted at once
    expect(out).toEqual(parsePath(COARSE_CHUNKS.join('')));
  });

  const num = fc
    .double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true })
    .map((v) => Math.round(v * 1000) / 1000);
  const command = fc.oneof(
    fc.tuple(fc.constantFrom('L', 'l', 'M', 'm', 'T', 't'), num, num).map(([c, ...a]) => ({ c, a })),
    fc.tuple(fc.constantFrom('H', 'h', 'V', 'v'), num).map(([c, ...a]) => ({ c, a })),
    fc.tuple(fc.constantFrom('C', 'c'), num, num, num, num, num, num).map(([c, ...a]) => ({ c, a })),
    fc.tuple(fc.constantFrom('S', 's', 'Q', 'q'), num, num, num, num).map(([c, ...a]) => ({ c, a })),
    fc
      .tuple(
        fc.constantFrom('A', 'a'),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 90 }),
        fc.constantFrom(0, 1),
        fc.constantFrom(0, 1),
        num,
        num,
      )
      .map(([c, ...a]) => ({ c, a })),
    fc.constant({ c: 'z', a: [] as number[] }),
  );
  const pathArb = fc.tuple(num, num, fc.array(command, { maxLength: 25 }));
  const render = (syntax: 'spaced' | 'compact', x: number, y: number, cmds: { c: string; a: number[] }[]) => {
    const fmt = (n: number) => (syntax === 'compact' ? String(n).replace(/^(-?)0\./, '$1.') : String(n));
    const sep = syntax === 'compact' ? ',' : ' ';
    return [
      `M${sep}${fmt(x)}${sep}${fmt(y)}`,
      ...cmds.map(
        ({ c, a }) => `${syntax === 'spaced' ? ' ' : ''}${c}${a.length ? sep : ''}${a.map(fmt).join(sep)}`,
      ),
    ];
  };

  it('property: both syntaxes give the same commands, whole or chunked', () => {
    fc.assert(
      fc.property(pathArb, ([x, y, cmds]) => {
        const spaced = render('spaced', x, y, cmds);
        const compact = render('compact', x, y, cmds);
        const whole = parsePath(spaced.join(''));
        close(parsePath(compact.join('')), whole);
        const parser = new PathParser();
        const out: PathCommand[] = [];
        for (const chunk of spaced) parser.push(chunk, out);
        close(parser.end(out), whole);
      }),
      { numRuns: 300 },
    );
  });

  it('property: with wholeChunks false, any split of the text parses the same', () => {
    fc.assert(
      fc.property(
        pathArb,
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 20 }),
        ([x, y, cmds], cuts) => {
          const text = render('compact', x, y, cmds).join('');
          const points = [...new Set(cuts.filter((c) => c < text.length))].sort((a, b) => a - b);
          const parser = new PathParser({ wholeChunks: false });
          const out: PathCommand[] = [];
          let prev = 0;
          for (const p of [...points, text.length]) {
            parser.push(text.slice(prev, p), out);
            prev = p;
          }
          close(parser.end(out), parsePath(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: serialize then parse is the identity (to the printed digits)', () => {
    fc.assert(
      fc.property(pathArb, ([x, y, cmds]) => {
        const parsed = parsePath(render('spaced', x, y, cmds).join(''));
        const again = parsePath(serializePath(parsed, 12));
        close(again, parsed);
      }),
      { numRuns: 200 },
    );
  });

  it('property: random text never throws anything but SegmentError', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(...'MmLlCcZzHhVvAaQqSsTt0123456789.,-+eE '.split('')),
          maxLength: 60,
        }),
        (text) => {
          try {
            parsePath(text);
          } catch (error) {
            expect(error).toBeInstanceOf(SegmentError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
