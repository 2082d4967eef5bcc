import { useEffect, useState } from 'react';
import type { ImageSource, Segmenter } from '../../protocol/types';

/**
 * Asks the segmenter to prepare the image as soon as the canvas has it (a learned model encodes
 * it before the first click), and says when that has finished. Aborted when the image changes or
 * the canvas unmounts. A failure is not an error the user sees: clicks are answered meanwhile
 * (the graph cut, or whatever the segmenter does unprepared), so it only stays unprepared.
 */
export function usePreparedImage(segmenter: Segmenter, image: ImageSource): boolean {
  // The image it was prepared for: a new image is unprepared from its first render.
  const [preparedFor, setPreparedFor] = useState<{ segmenter: Segmenter; image: ImageSource } | null>(null);
  useEffect(() => {
    if (!segmenter.prepare) return;
    const controller = new AbortController();
    segmenter.prepare(image, { signal: controller.signal }).then(
      () => {
        if (!controller.signal.aborted) setPreparedFor({ segmenter, image });
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [segmenter, image]);
  return preparedFor?.segmenter === segmenter && preparedFor.image === image;
}
