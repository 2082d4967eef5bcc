import type { ImageSource } from '../../../protocol/types';

const isInstance = (value: unknown, name: string): boolean => {
  const type = (globalThis as Record<string, unknown>)[name];
  return typeof type === 'function' && value instanceof (type as new () => object);
};

/** The image in a form that can cross to a worker: DOM images become ImageBitmaps (transferable). */
export async function transferableImage(image: ImageSource): Promise<ImageSource> {
  if (isInstance(image, 'HTMLImageElement') || isInstance(image, 'HTMLCanvasElement')) {
    const element = image as HTMLImageElement | HTMLCanvasElement;
    if (isInstance(image, 'HTMLImageElement') && !(image as HTMLImageElement).complete)
      await (image as HTMLImageElement).decode();
    return createImageBitmap(element);
  }
  if (typeof image === 'string' && !image.startsWith('data:')) {
    // Resolve relative URLs against the page, which the worker does not know.
    return new URL(image, globalThis.location?.href).href;
  }
  return image;
}
