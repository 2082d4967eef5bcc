import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

/**
 * What a bench printed, kept as Markdown: with `--write` on its command line a bench replaces its
 * own section of docs/benchmarks.md (between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`),
 * so measured numbers live in one document that the benches regenerate, not in comments.
 */
const recorded: string[] = [];
const startLoad = loadavg()[0]!;

export const BENCHMARKS_DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

/** The command-line words that are not flags (e.g. a bench's mode), `--write` excluded. */
export function benchArgs(): string[] {
  return process.argv.slice(2).filter((arg) => arg !== '--write');
}

const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');

/** Records a table (first row: the header) for the benchmarks document. */
export function recordTable(title: string, rows: (string | number)[][]): void {
  const [head, ...body] = rows;
  const line = (row: (string | number)[]) => `| ${row.map(cell).join(' | ')} |`;
  recorded.push(
    [`${title}:`, '', line(head!), `| ${head!.map(() => '---').join(' | ')} |`, ...body.map(line)].join('\n'),
  );
}

/** Prints a line and records it as a paragraph of the benchmarks document. */
export function note(text: string): void {
  console.log(text);
  recorded.push(text);
}

/** Replaces the section `name` of `doc` with `body`; appends the section when it is new. */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) return `${doc.trimEnd()}\n\n${section}\n`;
  return doc.slice(0, from) + section + doc.slice(to + end.length);
}

/**
 * Ends a bench run: with `--write`, its section `name` of docs/benchmarks.md becomes what it
 * recorded, under a line with the exact command, the machine and the load it ran under.
 */
export async function finishBench(name: string, script: string): Promise<void> {
  if (!process.argv.includes('--write')) return;
  const args = process.argv.slice(2).join(' ');
  const header =
    `\`npm run ${script} -- ${args}\` · ${new Date().toISOString().slice(0, 10)} · ` +
    `Node ${process.version} · ${availableParallelism()} cores · load average ${startLoad.toFixed(1)} at start`;
  const doc = readFileSync(BENCHMARKS_DOC, 'utf8');
  const next = replaceSection(doc, name, [header, ...recorded].join('\n\n'));
  // Formatted as `npm run lint` checks it (Prettier aligns the tables).
  const config = (await resolveConfig(BENCHMARKS_DOC)) ?? {};
  writeFileSync(BENCHMARKS_DOC, await format(next, { ...config, filepath: BENCHMARKS_DOC }));
  console.log(`\nwrote section "${name}" of docs/benchmarks.md`);
}
