import { recordTable } from './bench-report';

/** Median wall time of `fn` in ms over `runs` runs after `warmup` runs. */
export function measure(fn: () => void, runs = 30, warmup = 5): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function measureAsync(fn: () => Promise<void>, runs = 10, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Prints a table, and records it for docs/benchmarks.md (see bench-report.ts). */
export function printTable(title: string, rows: (string | number)[][]): void {
  recordTable(title, rows);
  console.log(`\n${title}`);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const row of rows) console.log(row.map((v, c) => String(v).padEnd(widths[c]!)).join('  '));
}

/** A blob outline (polar radius with a few harmonics) as `n` cubic segments in the refined
 * compact syntax, with one hole: the shape of a Moondream refined path. */
export function refinedLikePath(n: number): string {
  const point = (t: number, scale: number) => {
    const a = t * 2 * Math.PI;
    const r = scale * (0.4 + 0.06 * Math.sin(3 * a) + 0.04 * Math.cos(7 * a) + 0.02 * Math.sin(17 * a));
    return [0.5 + r * Math.cos(a), 0.5 + r * Math.sin(a)] as const;
  };
  const f = (v: number) => v.toFixed(3).replace(/^0\./, '.').replace(/^-0\./, '-.');
  const ring = (scale: number, reverse: boolean) => {
    const parts: string[] = [];
    for (let i = 0; i <= n; i++) {
      const t = reverse ? 1 - i / n : i / n;
      const [x, y] = point(t, scale);
      if (i === 0) parts.push(`M${f(x)},${f(y)}`);
      else {
        const tp = reverse ? 1 - (i - 1 / 3) / n : (i - 2 / 3) / n;
        const tq = reverse ? 1 - (i - 2 / 3) / n : (i - 1 / 3) / n;
        const [x1, y1] = point(reverse ? 1 - (i - 2 / 3) / n : tp, scale);
        const [x2, y2] = point(reverse ? 1 - (i - 1 / 3) / n : tq, scale);
        parts.push(`C${f(x1)},${f(y1)},${f(x2)},${f(y2)},${f(x)},${f(y)}`);
      }
    }
    return `${parts.join('')}z`;
  };
  return ring(1, false) + ring(0.3, true);
}

/** The value after `--name` on the command line, if any. */
export function flagValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
