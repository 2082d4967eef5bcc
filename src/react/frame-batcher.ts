/**
 * Coalesces many updates into one per animation frame: a stream can deliver dozens of chunks
 * per frame, and only the latest state needs drawing. Falls back to a 16 ms timer off-screen.
 */
export function createFrameBatcher(run: () => void) {
  let handle: number | ReturnType<typeof setTimeout> | null = null;
  const hasRaf = typeof requestAnimationFrame === 'function';
  const cancel = () => {
    if (handle === null) return;
    if (hasRaf) cancelAnimationFrame(handle as number);
    else clearTimeout(handle as ReturnType<typeof setTimeout>);
    handle = null;
  };
  return {
    schedule() {
      if (handle !== null) return;
      const fire = () => {
        handle = null;
        run();
      };
      handle = hasRaf ? requestAnimationFrame(fire) : setTimeout(fire, 16);
    },
    cancel,
  };
}
