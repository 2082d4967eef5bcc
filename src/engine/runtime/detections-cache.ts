import type { Pixels } from '../../protocol/types';
import type { Detection, ObjectDetector } from '../grounding/object-detector';

// Per decoded image: a canvas asks again and again about the same photo (every click, every hover
// preview), and one detector pass costs more than the learned tier's decoder. Decoded pixels are
// shared per thread while they are cached (decoded-image-cache.ts), so they key the detections
// and take them along when they go.
const detections = new WeakMap<Pixels, Promise<Detection[]>>();

/** The detector, answering each decoded image once (a failed pass is asked again next time). */
export function detectOnce(detector: ObjectDetector): ObjectDetector {
  return {
    detect(image) {
      let found = detections.get(image);
      if (!found) {
        found = detector.detect(image);
        detections.set(image, found);
        found.catch(() => detections.delete(image));
      }
      return found;
    },
  };
}
