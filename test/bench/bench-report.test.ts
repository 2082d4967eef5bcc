import { describe, expect, it } from 'vitest';
import { replaceSection } from '../../bench/bench-report';

describe('replaceSection: a bench rewrites only its own part of docs/benchmarks.md', () => {
  const doc = [
    '# Benchmarks',
    '<!-- bench:engine -->\nold engine table\n<!-- /bench:engine -->',
    '<!-- bench:engine box-margins -->\nold margins\n<!-- /bench:engine box-margins -->',
    'closing prose',
  ].join('\n\n');

  it('replaces the named section and leaves the rest as it was', () => {
    const next = replaceSection(doc, 'engine', 'new engine table');
    expect(next).toContain('<!-- bench:engine -->\nnew engine table\n<!-- /bench:engine -->');
    expect(next).not.toContain('old engine table');
    expect(next).toContain('old margins');
    expect(next.startsWith('# Benchmarks')).toBe(true);
    expect(next.endsWith('closing prose')).toBe(true);
  });

  it('appends a section it does not find', () => {
    const next = replaceSection(doc, 'serve', 'serve table');
    expect(next.endsWith('<!-- bench:serve -->\nserve table\n<!-- /bench:serve -->\n')).toBe(true);
    expect(next).toContain('old engine table');
  });
});
