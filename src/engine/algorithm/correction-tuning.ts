/** Tunables of a correction; the defaults are what `npm run bench:clicks` chose (see there). */
export interface CorrectionTuning {
  /** Cost (nats) of giving a pixel far from the new clicks another label than before. */
  prior: number;
  /** Geodesic reach of a click, as a share of the crop's long side. */
  reach: number;
  /** Geodesic cost of a colour step, per RGB unit, against 1 per pixel of distance. */
  colorCost: number;
  /** Share of each model's weight that the clicks' own regions get. */
  clickShare: number;
  /** Click disc radius, as a share of the crop's short side. */
  seedRadius: number;
  /**
   * A click that disagrees with the previous answer seeds a disc of this share of its distance
   * to the previous outline (when larger than `seedRadius`): a click in the middle of a wrong
   * region says the region around it is wrong, not only the pixel.
   */
  seedGrow: number;
  textureWeight: number;
  /** Pull (nats) toward the clicked label at the click, fading over its geodesic region. */
  pull: number;
  /**
   * Beyond this geodesic distance from the new clicks (share of the crop's long side) the
   * previous labels are kept as they were: a click changes the mask near it, not elsewhere.
   */
  lock: number;
  /**
   * 1: a correction only moves the mask the way its new clicks ask (include clicks only add,
   * exclude clicks only remove), so a click never undoes the right answer elsewhere.
   */
  monotone: number;
  /** Factor on the first answer's pairwise weights. */
  smoothness: number;
  /** Graph-cut rounds, the models re-fitted from each cut. */
  rounds: number;
}

export const CORRECTION_DEFAULTS: CorrectionTuning = {
  prior: 0.35,
  reach: 0.06,
  colorCost: 0.2,
  clickShare: 0.5,
  seedRadius: 0.015,
  seedGrow: 0.9,
  textureWeight: 1.5,
  pull: 1.5,
  lock: 0.6,
  rounds: 1,
  monotone: 1,
  smoothness: 1,
};
