/**
 * Below this `metrics.groundingScore` a text grounding counts as low-confidence: the engine
 * reports the score and the canvas flags the answer (shown and announced, never hidden).
 */
export const LOW_GROUNDING_SCORE = 0.35;
