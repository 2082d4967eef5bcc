import type { ImageSource } from '../../../protocol/types';

const isInstance = (value: unknown, name: string): boolean => {
  const type = (globalThis as Record<string, unknown>)[name];
  return typeof type === 'function' && value instanceof (type as new () => object);
};

/**
 * The image in a form that can cross to a worker: DOM images become ImageBitmaps (transferable);
 * a Blob (a picked or pasted photo) goes as its bytes, which the worker knows by content, so a
 * prepared photo's embedding and decoded pixels serve its later clicks (a Blob arrives as a
 * new object with each message, known to the worker by identity only).
 */
export async function transferableImage(image: ImageSource): Promise<ImageSource> {
  if (isInstance(image, 'Blob')) return (image as Blob).arrayBuffer();
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

/** What to transfer (not copy) with the image's message. */
export function transferListOf(image: ImageSource): Transferable[] {
  if (typeof ImageBitmap === 'function' && image instanceof ImageBitmap) return [image];
  if (image instanceof ArrayBuffer) return [image];
  return [];
}
