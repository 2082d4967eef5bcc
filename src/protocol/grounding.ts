/**
 * A `metrics.groundingScore` below this is a low-confidence match: the engine reports it, the
 * canvas shows and announces it. One value for both, so they never disagree.
 */
export const LOW_GROUNDING_SCORE = 0.35;
