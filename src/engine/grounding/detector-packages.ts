/**
 * Where the detector's optional packages come from. A browser bundle only contains what is named
 * in a literal `import()`, and an app's bundler fails on a literal import of a package that is not
 * installed; so only the opt-in worker (`segmask/engine-worker`) names them literally and hands
 * them over here. Everywhere else (Node threads, in-process) they are imported by computed name,
 * which Node resolves from node_modules and bundlers leave alone.
 */
export interface DetectorPackages {
  tf: typeof import('@tensorflow/tfjs-core');
  converter: typeof import('@tensorflow/tfjs-converter');
  wasm: typeof import('@tensorflow/tfjs-backend-wasm');
}

/** Each package's loader, so a missing one can be named. */
export type DetectorPackageLoaders = { [K in keyof DetectorPackages]: () => Promise<DetectorPackages[K]> };

let provided: DetectorPackageLoaders | undefined;

export function provideDetectorPackages(loaders: DetectorPackageLoaders): void {
  provided = loaders;
}

const byName =
  <T>(name: string) =>
  () =>
    import(/* @vite-ignore */ name) as Promise<T>;

export function detectorPackageLoaders(): DetectorPackageLoaders {
  return (
    provided ?? {
      tf: byName('@tensorflow/tfjs-core'),
      converter: byName('@tensorflow/tfjs-converter'),
      wasm: byName('@tensorflow/tfjs-backend-wasm'),
    }
  );
}
