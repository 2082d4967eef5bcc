import type { Pixels } from '../../protocol/types';
import { promptBox, type EnginePrompt } from '../algorithm/engine-prompt';
import { SAM_LABEL } from './sam-format';
import type { SamPrompt } from './sam-model';

/**
 * The engine's prompt as the decoder's points: the include boxes' union as the two labelled
 * corners, include points, exclude points; with no box, the padding point SAM's export expects.
 */
export function samPromptOf(prompt: EnginePrompt, image: Pixels, maskInput: Float32Array | null): SamPrompt {
  const { width: W, height: H } = image;
  const coords: number[] = [];
  const labels: number[] = [];
  for (const [x, y] of prompt.points) {
    coords.push(x * W, y * H);
    labels.push(SAM_LABEL.include);
  }
  for (const [x, y] of prompt.negatives ?? []) {
    coords.push(x * W, y * H);
    labels.push(SAM_LABEL.exclude);
  }
  const box = prompt.boxes.length > 0 ? promptBox({ ...prompt, points: [] }) : null;
  if (box) {
    coords.push(box.xMin * W, box.yMin * H, box.xMax * W, box.yMax * H);
    labels.push(SAM_LABEL.boxTopLeft, SAM_LABEL.boxBottomRight);
  } else {
    coords.push(0, 0);
    labels.push(SAM_LABEL.padding);
  }
  return { coords, labels, maskInput };
}
