/** Connected components (4-connected) of pixels equal to `value`; labels from 1, 0 elsewhere. */
export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  value = 1,
): { labels: Int32Array; sizes: number[]; touchesBorder: boolean[] } {
  const labels = new Int32Array(width * height);
  const sizes = [0];
  const touchesBorder = [false];
  const stack = new Int32Array(width * height);
  let next = 1;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] !== value || labels[start] !== 0) continue;
    let top = 0;
    stack[top++] = start;
    labels[start] = next;
    let size = 0;
    let border = false;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % width;
      const y = (p - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) border = true;
      if (x > 0 && mask[p - 1] === value && labels[p - 1] === 0) {
        labels[p - 1] = next;
        stack[top++] = p - 1;
      }
      if (x < width - 1 && mask[p + 1] === value && labels[p + 1] === 0) {
        labels[p + 1] = next;
        stack[top++] = p + 1;
      }
      if (y > 0 && mask[p - width] === value && labels[p - width] === 0) {
        labels[p - width] = next;
        stack[top++] = p - width;
      }
      if (y < height - 1 && mask[p + width] === value && labels[p + width] === 0) {
        labels[p + width] = next;
        stack[top++] = p + width;
      }
    }
    sizes.push(size);
    touchesBorder.push(border);
    next++;
  }
  return { labels, sizes, touchesBorder };
}

/**
 * Moondream's refiner cleanup: drop foreground specks and fill holes smaller than `minArea`
 * pixels. Components holding a `keep` pixel always stay. With no keep pixel, the largest stays.
 * Holes holding a `keepHole` pixel (an exclude click) stay open.
 */
export function removeSpecksAndHoles(
  mask: Uint8Array,
  width: number,
  height: number,
  minArea: number,
  keep: readonly number[] = [],
  keepHole: readonly number[] = [],
): Uint8Array {
  const out = mask.slice();
  const fg = labelComponents(out, width, height, 1);
  const kept = new Set(keep.map((p) => fg.labels[p]!).filter((l) => l > 0));
  let largest = 0;
  for (let l = 1; l < fg.sizes.length; l++) if (fg.sizes[l]! > (fg.sizes[largest] ?? 0)) largest = l;
  if (kept.size === 0 && largest > 0) kept.add(largest);
  for (let p = 0; p < out.length; p++) {
    const l = fg.labels[p]!;
    if (l > 0 && !kept.has(l) && fg.sizes[l]! < minArea) out[p] = 0;
  }
  const bg = labelComponents(out, width, height, 0);
  const open = new Set(keepHole.map((p) => bg.labels[p]!));
  for (let p = 0; p < out.length; p++) {
    const l = bg.labels[p]!;
    if (l > 0 && !bg.touchesBorder[l] && !open.has(l) && bg.sizes[l]! < minArea) out[p] = 1;
  }
  return out;
}

/** One 3x3 dilation (`dilate`) or erosion of a mask, the border repeated outward. */
function pass3x3(src: Uint8Array, width: number, height: number, dilate: boolean): Uint8Array {
  const out = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = dilate ? 0 : 1;
      for (let dy = -1; dy <= 1 && v === (dilate ? 0 : 1); dy++) {
        const yy = Math.min(height - 1, Math.max(0, y + dy));
        for (let dx = -1; dx <= 1; dx++) {
          const xx = Math.min(width - 1, Math.max(0, x + dx));
          const s = src[yy * width + xx]!;
          if (dilate ? s : !s) {
            v = dilate ? 1 : 0;
            break;
          }
        }
      }
      out[y * width + x] = v;
    }
  }
  return out;
}

/** Morphological closing with a 3x3 square (dilate then erode), as the refiner does. */
export function close3x3(mask: Uint8Array, width: number, height: number): Uint8Array {
  return pass3x3(pass3x3(mask, width, height, true), width, height, false);
}

/** Morphological opening with a 3x3 square (erode then dilate): drops what is under 3 px thick. */
export function open3x3(mask: Uint8Array, width: number, height: number): Uint8Array {
  return pass3x3(pass3x3(mask, width, height, false), width, height, true);
}
