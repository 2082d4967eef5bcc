/**
 * The CLI as a user runs it: a spawned process (from source through tsx), its exit code,
 * stdout and stderr. The engine does the segmenting (no key in the environment).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { rectanglePng } from '../helpers/fixtures';
import { smallJpeg } from '../helpers/bomb-images';
import { processTree } from '../helpers/process-tree';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUN = join(ROOT, 'src/cli/run.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; with `until`, once stdout matches it, runs `then` on its first group and stops the process. */
function cli(args: string[], until?: RegExp, then?: (match: string) => Promise<void>): Promise<Run> {
  const env = { ...process.env };
  delete env.MOONDREAM_API_KEY;
  const child = spawn(process.execPath, ['--import', 'tsx', RUN, ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    let stopping = false;
    const check = () => {
      const match = until?.exec(stdout);
      if (!match || stopping) return;
      stopping = true;
      void (then?.(match[1]!) ?? Promise.resolve()).finally(() => child.kill('SIGTERM'));
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmask-cli-spawn-'));
  const png = await rectanglePng(80, 60, [20, 15, 60, 45]);
  await mkdir(join(dir, 'photos', 'more'), { recursive: true });
  await writeFile(join(dir, 'photos', 'plane.png'), png);
  await writeFile(join(dir, 'photos', 'plane.jpg'), smallJpeg(80, 60));
  await writeFile(join(dir, 'photos', 'notes.txt'), 'not an image');
  await writeFile(join(dir, 'photos', 'more', 'car.png'), png);
  await mkdir(join(dir, 'other'));
  await writeFile(join(dir, 'other', 'plane.png'), png);
  await mkdir(join(dir, 'empty'));
});

describe('segmask CLI (spawned)', () => {
  it('--help on every command prints its usage and exits 0; --version prints the version', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const [top, segment, serve, version] = await Promise.all([
      cli(['--help']),
      cli(['segment', '--help']),
      cli(['serve', '--help']),
      cli(['--version']),
    ]);
    expect(top).toMatchObject({ code: 0, stderr: '' });
    expect(top.stdout).toMatch(/segmask serve/);
    expect(top.stdout).toMatch(/segmask segment/);
    expect(segment.code).toBe(0);
    expect(segment.stdout).toMatch(/^segmask segment <images or folders/);
    expect(segment.stdout).not.toMatch(/segmask serve/);
    expect(serve.code).toBe(0);
    expect(serve.stdout).toMatch(/^segmask serve \[--port/);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  }, 60_000);

  it('unknown options and commands give one clear line and exit 2', async () => {
    const [segment, serve, command] = await Promise.all([
      cli(['segment', 'a.png', '--object', 'x', '--colour', 'red']),
      cli(['serve', '--prot', '80']),
      cli(['segmnt']),
    ]);
    expect(segment.code).toBe(2);
    expect(segment.stderr).toBe("segmask segment: unknown option '--colour'. See: segmask segment --help\n");
    expect(serve.code).toBe(2);
    expect(serve.stderr).toMatch(/^segmask serve: unknown option '--prot'\. See: segmask serve --help\n$/);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command "segmnt"/);
  }, 60_000);

  it('plane.jpg and plane.png keep both results; a folder is expanded to its images', async () => {
    const out = join(dir, 'out-folder');
    const run = await cli([
      'segment',
      join(dir, 'photos'),
      '--object',
      'rectangle',
      '--point',
      '0.5,0.5',
      '--out',
      out,
    ]);
    expect(run.stderr).toMatch(/plane\.png: ok/); // the progress lines
    expect(run.stderr).toMatch(/plane\.jpg: ok/);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['plane.jpg.json', 'plane.png.json']);
    expect(run.stdout).toMatch(/2 of 2 segmented; wrote 2 file\(s\)/);
    const png = JSON.parse(await readFile(join(out, 'plane.png.json'), 'utf8')) as { image: string };
    expect(png.image).toBe(join(dir, 'photos', 'plane.png'));
  }, 120_000);

  it('--recursive takes subfolders too', async () => {
    const out = join(dir, 'out-recursive');
    const run = await cli([
      'segment',
      join(dir, 'photos'),
      '-r',
      '--object',
      'rectangle',
      '--point',
      '0.5,0.5',
      '--format',
      'png',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['car.png.png', 'plane.jpg.png', 'plane.png.png']);
    expect(run.stdout).toMatch(/3 of 3 segmented; wrote 3 file\(s\)/);
  }, 120_000);

  it('refuses, before any work, two inputs that would write the same file, and empty or missing folders', async () => {
    const out = join(dir, 'out-collision');
    const [collision, empty, missing] = await Promise.all([
      cli([
        'segment',
        join(dir, 'photos', 'plane.png'),
        join(dir, 'other', 'plane.png'),
        '--object',
        'x',
        '--out',
        out,
      ]),
      cli(['segment', join(dir, 'empty'), '--object', 'x', '--out', out]),
      cli(['segment', join(dir, 'nowhere'), '--object', 'x', '--out', out]),
    ]);
    expect(collision.code).toBe(2);
    expect(collision.stderr).toMatch(/would both write .*plane\.png\.json/);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no \.jpg, \.jpeg or \.png files in the folder .*empty \(add --recursive/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder/);
    await expect(readdir(out)).rejects.toThrow(); // nothing was created
  }, 60_000);

  it("serve --cors '*' warns on stderr and lets any origin call it", async () => {
    let answer: Response | undefined;
    const run = await cli(
      ['serve', '--cors', '*', '--port', '0', '--upstream', 'http://127.0.0.1:9/v1'],
      /serving (\S+)\/segment/,
      async (url) => {
        answer = await fetch(`${url}/segment`, {
          method: 'OPTIONS',
          headers: {
            Origin: 'https://any-site.example',
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        });
      },
    );
    expect(run.stderr).toMatch(/warning: --cors '\*' lets any website call this server/);
    expect(run.stdout).toMatch(/segmask serving http:\/\/127\.0\.0\.1:\d+\/v1\/segment \(proxy\)/);
    expect(answer?.headers.get('access-control-allow-origin')).toBe('*');
  }, 60_000);

  describe.runIf(process.platform === 'linux')("serve's malloc setting and V8 flags", () => {
    /** Starts serve (proxy mode: no engine to wait for); the pids of its process and of its descendants. */
    async function startServe(env: NodeJS.ProcessEnv, nodeFlags: string[] = []) {
      const child = spawn(
        process.execPath,
        [...nodeFlags, '--import', 'tsx', RUN, 'serve', '--port', '0', '--upstream', 'http://127.0.0.1:9/v1'],
        { cwd: ROOT, env },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => /serving \S+\/segment/.test(stdout) && resolve());
        void exited.then((code) => reject(new Error(`serve exited (${code}) before serving`)));
      });
      const children = processTree(child.pid!).slice(1);
      return { child, children, exited, stdout: () => stdout };
    }
    const environOf = (pid: number | string) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const commandOf = (pid: number | string) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const withoutMallocSettings = () => {
      const env = { ...process.env };
      for (const name of [
        'MALLOC_ARENA_MAX',
        'MALLOC_MMAP_THRESHOLD_',
        'MALLOC_TRIM_THRESHOLD_',
        'MALLOC_TOP_PAD_',
      ])
        delete env[name];
      return env;
    };

    it('runs the server again with them set, and a stop signal drains it and ends both', async () => {
      const serve = await startServe(withoutMallocSettings());
      expect(serve.children).toHaveLength(1);
      const server = serve.children[0]!;
      expect(environOf(server)).toContain('MALLOC_ARENA_MAX=2');
      expect(commandOf(server)).toEqual(
        expect.arrayContaining(['--single-threaded-gc', '--max-semi-space-size=2']),
      );
      serve.child.kill('SIGTERM');
      expect(await serve.exited).toBe(0);
      expect(serve.stdout()).toMatch(/segmask: draining…/);
      expect(existsSync(`/proc/${server}`)).toBe(false);
    }, 60_000);

    it("leaves a user's own malloc setting as it is, and still adds the V8 flags", async () => {
      const serve = await startServe({ ...withoutMallocSettings(), MALLOC_MMAP_THRESHOLD_: '131072' });
      expect(serve.children).toHaveLength(1);
      const server = serve.children[0]!;
      expect(environOf(server)).toContain('MALLOC_MMAP_THRESHOLD_=131072');
      expect(environOf(server).some((v) => v.startsWith('MALLOC_ARENA_MAX='))).toBe(false);
      expect(commandOf(server)).toContain('--single-threaded-gc');
      serve.child.kill('SIGINT');
      expect(await serve.exited).toBe(0);
    }, 60_000);

    it('runs no second process for a user who chose all of them', async () => {
      const serve = await startServe({ ...withoutMallocSettings(), MALLOC_ARENA_MAX: '4' }, [
        '--max_semi_space_size=8',
        '--single-threaded-gc',
      ]);
      expect(serve.children).toEqual([]);
      expect(commandOf(serve.child.pid!)).toContain('--max_semi_space_size=8');
      serve.child.kill('SIGINT');
      expect(await serve.exited).toBe(0);
    }, 60_000);
  });
});
