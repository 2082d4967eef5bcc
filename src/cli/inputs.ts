import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { SegmentError } from '../protocol/errors';
import { UsageError } from './args';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

async function imagesIn(folder: string, recursive: boolean): Promise<string[]> {
  const found: string[] = [];
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && recursive) found.push(...(await imagesIn(path, true)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
  }
  return found;
}

/**
 * The images named on the command line: files as given, folders expanded to the JPEG and PNG
 * files inside (sorted; subfolders only with `recursive`). A missing path or a folder without
 * images is a usage error, before any work.
 */
export async function expandInputs(paths: string[], recursive: boolean): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UsageError(`segmask segment: no such file or folder: ${path}`);
    }
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const inside = await imagesIn(path, recursive);
    if (inside.length === 0) {
      throw new UsageError(
        `segmask segment: no .jpg, .jpeg or .png files in the folder ${path}${recursive ? '' : ' (add --recursive for subfolders)'}`,
      );
    }
    files.push(...inside);
  }
  const unique = new Set<string>(); // the same image named twice is segmented once
  return files.filter((file) => !unique.has(resolve(file)) && unique.add(resolve(file)));
}

/**
 * One output path per input: `<out>/<file name with its extension>.<format>` (plane.jpg →
 * plane.jpg.json), so plane.jpg and plane.png keep both results and a PNG mask never replaces
 * its input. Two inputs with the same file name from different folders would still collide:
 * that is refused before any work, naming both.
 */
export function outputPaths(files: string[], out: string, format: string): string[] {
  const outputs = files.map((file) => join(out, `${basename(file)}.${format}`));
  const seen = new Map<string, string>();
  const inputs = new Set(files.map((f) => resolve(f)));
  outputs.forEach((output, i) => {
    const key = resolve(output);
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UsageError(
        `segmask segment: ${other} and ${files[i]} would both write ${output}; segment them into different --out folders.`,
      );
    }
    if (inputs.has(key))
      throw new UsageError(`segmask segment: writing ${output} would replace an input image.`);
    seen.set(key, files[i]!);
  });
  return outputs;
}

/** YOLO label files are named by the image's stem (a.jpg → a.txt), as training tools pair them. */
export function yoloPaths(files: string[], out: string): string[] {
  const outputs = files.map((file) => join(out, `${basename(file, extname(file))}.txt`));
  const seen = new Map<string, string>();
  outputs.forEach((output, i) => {
    const other = seen.get(output);
    if (other !== undefined)
      throw new SegmentError(
        'invalid_input',
        `${other} and ${files[i]} would both write ${output}; segment them into different --out folders.`,
        { param: 'image' },
      );
    seen.set(output, files[i]!);
  });
  return outputs;
}
