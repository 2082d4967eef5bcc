import type { DetectorOptions, ObjectDetector } from '../grounding/object-detector';

// Per thread, per options: the model and wasm are a few MB, so segmenters that ask for the same
// detector share it, and one that asks for another model gets that one.
const detectors = new Map<string, Promise<ObjectDetector>>();

/** Options as a key that does not depend on the order their fields were written in. */
function stableKey(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableKey(record[key])}`);
  return `{${fields.join(',')}}`;
}

/** The detector for these options, loaded on first use; a failed load is tried again next time. */
export function loadDetector(options: DetectorOptions): Promise<ObjectDetector> {
  const key = stableKey(options);
  let detector = detectors.get(key);
  if (!detector) {
    detector = import('../grounding/object-detector').then((m) => m.loadCenterNet(options));
    detectors.set(key, detector);
    detector.catch(() => detectors.delete(key));
  }
  return detector;
}
