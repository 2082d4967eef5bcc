/**
 * The packed package, installed the way an app gets it. `npm pack` runs once for the sources at
 * hand, shared by the test files (its `prepack` builds dist); the apps' third-party dependencies
 * are installed from the registry once and kept in test/package/.cache (git-ignored), keyed by
 * everything that decides them; each app is then a hard-linked copy of that install, into which
 * `npm install <tarball> --offline` installs segmask itself, exactly as `npm install segmask`
 * would (its dependencies and bin).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const CACHE = resolve('test/package/.cache');
// The apps live outside the repo: Next.js takes the outermost lockfile's folder as the workspace
// root, and Turbopack would then scan the whole repo (and the cache) and never finish.
export const APPS = mkdtempSync(join(tmpdir(), 'segmask-apps-'));
export function removeApps(): void {
  rmSync(APPS, { recursive: true, force: true });
}
export const FIXTURES = resolve('test/package/fixtures');

/** What the apps install besides segmask: a React app's usual tools, and the optional detector. */
export const APP_DEPENDENCIES: Record<string, string> = {
  next: '16.4.6',
  react: '19.3.1',
  'react-dom': '19.3.1',
  vite: '8.3.8',
  '@vitejs/plugin-react': '6.3.0',
  typescript: '5.9.3',
  // TypeScript 6 beside 5: its defaults load no `@types/*` unless a declaration file asks for them.
  typescript6: 'npm:typescript@6.0.3',
  '@types/react': '19.3.0',
  '@types/react-dom': '19.3.0',
  '@types/node': '20.19.43',
  '@tensorflow/tfjs-core': '4.22.0',
  '@tensorflow/tfjs-converter': '4.22.0',
  '@tensorflow/tfjs-backend-wasm': '4.22.0',
  '@vladmandic/human': '3.3.6',
};

const timings: [string, number][] = [];
/** Runs a step and records how long it took (reported at the end of the run). */
export async function timed<T>(name: string, step: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await step();
  } finally {
    timings.push([name, Math.round(performance.now() - start)]);
  }
}
export function printTimings(): void {
  for (const [name, ms] of timings) console.log(`[consumer] ${name}: ${(ms / 1000).toFixed(1)} s`);
}

/** What `npm pack` reads: the build's sources and configuration, and the files it ships. */
const PACK_INPUTS = [
  'src',
  'bin',
  'package.json',
  'package-lock.json',
  'vite.lib.config.ts',
  'tsconfig.json',
  'README.md',
  'LICENSE',
];

/** A digest of every file `npm pack` reads, so that a tarball is reused only for the same sources. */
function packInputsDigest(): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) add(join(path, name));
      return;
    }
    hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
  };
  for (const input of PACK_INPUTS) add(input);
  return hash.digest('hex');
}

/** Holds a lock file while `step` runs; another test process waits for it (the pack is shared). */
async function withLock<T>(lock: string, step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock older than any pack is a crashed run's.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 10 * 60_000) rmSync(lock, { force: true });
      if (Date.now() > deadline) throw new Error(`waited 15 min for ${lock}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await step();
  } finally {
    rmSync(lock, { force: true });
  }
}

let tarball: Promise<string> | undefined;
/**
 * `npm pack` of the repo (prepack builds dist), once for all the test files of a run: a file
 * reuses the tarball another made from the same sources (the digest of what the pack reads), and
 * files in parallel workers wait for the one that packs.
 */
export function packOnce(): Promise<string> {
  tarball ??= (async () => {
    const into = join(CACHE, 'pack');
    mkdirSync(CACHE, { recursive: true });
    return withLock(join(CACHE, 'pack.lock'), async () => {
      const digest = packInputsDigest();
      const record = join(into, 'pack.json');
      const packed = existsSync(record)
        ? (JSON.parse(readFileSync(record, 'utf8')) as { digest: string; filename: string })
        : undefined;
      if (packed?.digest === digest && existsSync(join(into, packed.filename)) && existsSync('dist')) {
        console.log(`[consumer] tarball ${packed.filename}: reused (packed from the same sources)`);
        return join(into, packed.filename);
      }
      return timed('npm pack (with prepack build)', async () => {
        rmSync(into, { recursive: true, force: true });
        mkdirSync(into, { recursive: true });
        const { stdout } = await run('npm', ['pack', '--pack-destination', into, '--json'], {
          maxBuffer: 64 << 20,
        });
        // The prepack build prints to stdout too; npm's JSON comes last.
        const [info] = JSON.parse(stdout.slice(stdout.lastIndexOf('[\n  {'))) as {
          filename: string;
          size: number;
          unpackedSize: number;
        }[];
        console.log(
          `[consumer] tarball ${info!.filename}: ${info!.size} B packed, ${info!.unpackedSize} B unpacked`,
        );
        writeFileSync(record, JSON.stringify({ digest, filename: info!.filename }));
        return join(into, info!.filename);
      });
    });
  })();
  return tarball;
}

function manifestOf(tgz: string): { dependencies?: Record<string, string> } {
  return JSON.parse(execFileSync('tar', ['xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }));
}

let deps: Promise<string> | undefined;
/** The apps' dependencies and segmask's own, installed once per key; the folder holding them. */
function installedDependencies(tgz: string): Promise<string> {
  deps ??= (async () => {
    const dependencies = { ...manifestOf(tgz).dependencies, ...APP_DEPENDENCIES };
    const key = createHash('sha256')
      .update(JSON.stringify([dependencies, process.version.split('.')[0]]))
      .digest('hex')
      .slice(0, 16);
    const dir = join(CACHE, `deps-${key}`);
    if (existsSync(join(dir, 'node_modules', '.package-lock.json'))) return dir;
    await timed('install the apps\u2019 dependencies (cache miss)', async () => {
      const staging = `${dir}.staging`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      const manifest = { name: 'consumer-app', private: true, type: 'module', dependencies };
      writeFileSync(join(staging, 'package.json'), JSON.stringify(manifest, null, 2));
      await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: staging,
        maxBuffer: 64 << 20,
      });
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    });
    return dir;
  })();
  return deps;
}

let installed: Promise<string> | undefined;
/** `npm install <tarball>` (offline: all it needs is cached) over a hard-linked copy of the cache. */
function installedSegmask(): Promise<string> {
  installed ??= (async () => {
    const tgz = await packOnce();
    const cached = await installedDependencies(tgz);
    return timed('npm install segmask.tgz', async () => {
      const base = join(APPS, 'base');
      copyInstall(cached, base);
      await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tgz], {
        cwd: base,
        maxBuffer: 64 << 20,
      });
      // The installed copy is the tarball's, never a link back into the repo.
      if (lstatSync(join(base, 'node_modules', 'segmask')).isSymbolicLink())
        throw new Error('segmask was linked, not installed');
      return base;
    });
  })();
  return installed;
}

/** package.json, the lockfile and node_modules, hard-linked: ~500 MB copied in about a second. */
function copyInstall(from: string, to: string) {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(from, file), join(to, file));
  try {
    execFileSync('cp', ['-al', join(from, 'node_modules'), join(to, 'node_modules')]);
  } catch {
    cpSync(join(from, 'node_modules'), join(to, 'node_modules'), { recursive: true }); // another disk
  }
}

/**
 * A fresh app: the installed package (segmask and the apps' dependencies) and a fixture's files.
 * `from`: another app whose install (package.json, lockfile, node_modules) it starts from instead,
 * e.g. one that has run the README's `npm install` of optional packages.
 */
export async function createApp(fixture: string, name: string, from?: string): Promise<string> {
  const base = from ?? (await installedSegmask());
  const app = join(APPS, name);
  copyInstall(base, app);
  cpSync(join(FIXTURES, fixture), app, { recursive: true });
  return app;
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
