import { SegmentError } from '../../protocol/errors';
import type { Pixels } from '../../protocol/types';
import { encoderInput } from './encoder-input';
import type { SamModelFiles } from './model-files';
import type { ModelDevice, OnnxRuntime, OrtSession, OrtTensor } from './onnx-runtime';
import {
  SAM_DECODER_INPUTS,
  SAM_DECODER_OUTPUTS,
  SAM_EMBEDDING_DIMS,
  SAM_EMBEDDING_LENGTH,
  SAM_INPUT_SIZE,
  SAM_MASK_SIZE,
  samScale,
} from './sam-format';

/** An image's embedding with the size of the image it was made from. */
export interface SamEmbedding {
  data: Float32Array;
  width: number;
  height: number;
}

/** One decoder pass: points in image pixels with SAM's labels, and an optional mask input. */
export interface SamPrompt {
  /** x, y pairs in image pixels. */
  coords: readonly number[];
  labels: readonly number[];
  /** The previous answer as 256×256 low-res logits, or null. */
  maskInput: Float32Array | null;
}

export interface SamDecoding {
  /** 256×256 logits over the padded 1024×1024 input (object where > 0). */
  lowRes: Float32Array;
  /** The decoder's own estimate of its mask's IoU. */
  iou: number;
}

export interface SamModel {
  readonly name: string;
  /** Where it runs (the runtime's device). */
  readonly device: ModelDevice;
  encode(image: Pixels): Promise<SamEmbedding>;
  decode(embedding: SamEmbedding, prompt: SamPrompt): Promise<SamDecoding>;
  release(): Promise<void>;
}

function invalidModel(name: string, message: string): SegmentError {
  return new SegmentError(
    'model_unavailable',
    `The model "${name}" is not a Segment Anything ONNX pair: ${message}`,
    {
      hint: "Give an image encoder (1×3×1024×1024 float32 in, 1×256×64×64 out) and SAM's standard prompt decoder export.",
    },
  );
}

/** Fails unless the sessions have SAM's inputs and outputs (checked once, when the model loads). */
function checkSamSessions(name: string, encoder: OrtSession, decoder: OrtSession): void {
  if (encoder.inputNames.length !== 1 || encoder.outputNames.length < 1)
    throw invalidModel(
      name,
      `its encoder has inputs [${encoder.inputNames.join(', ')}]; one image input is expected.`,
    );
  const input = encoder.inputMetadata?.[0];
  const shape = input?.shape;
  if (
    input &&
    (input.type !== 'float32' ||
      !shape ||
      shape.length !== 4 ||
      shape[1] !== 3 ||
      shape[2] !== SAM_INPUT_SIZE ||
      shape[3] !== SAM_INPUT_SIZE)
  )
    throw invalidModel(
      name,
      `its encoder takes ${input.type} [${shape?.join(', ')}], not float32 [1, 3, 1024, 1024].`,
    );
  const output = encoder.outputMetadata?.[0]?.shape;
  if (output && output.slice(1).join() !== SAM_EMBEDDING_DIMS.slice(1).join())
    throw invalidModel(name, `its encoder gives [${output.join(', ')}], not [1, 256, 64, 64].`);
  const missingIn = SAM_DECODER_INPUTS.filter((n) => !decoder.inputNames.includes(n));
  const missingOut = SAM_DECODER_OUTPUTS.filter((n) => !decoder.outputNames.includes(n));
  if (missingIn.length || missingOut.length)
    throw invalidModel(
      name,
      `its decoder lacks ${[...missingIn.map((n) => `input ${n}`), ...missingOut.map((n) => `output ${n}`)].join(', ')}.`,
    );
}

async function createSession(runtime: OnnxRuntime, name: string, part: string, file: string | Uint8Array) {
  try {
    return await runtime.ort.InferenceSession.create(file, runtime.sessionOptions);
  } catch (cause) {
    const where = typeof file === 'string' ? ` (${file.slice(0, 300)})` : '';
    throw new SegmentError(
      'model_unavailable',
      `The ${part} of the model "${name}" could not be loaded${where}: ${String(cause).slice(0, 300)}.`,
      { cause, hint: 'Check that the file exists, is whole, and is an ONNX model.' },
    );
  }
}

function floats(tensor: OrtTensor | undefined, length: number, what: string): Float32Array {
  const data = tensor?.data;
  if (!(data instanceof Float32Array) || data.length < length)
    throw new SegmentError('server_error', `The model's ${what} has an unexpected shape.`);
  return data;
}

/**
 * Loads a Segment Anything encoder/decoder pair on `runtime` and checks its inputs and outputs.
 * Encoder runs are one at a time (each takes the runtime's threads; a second at once would
 * only share them and double the memory).
 */
export async function loadSamModel(runtime: OnnxRuntime, files: SamModelFiles): Promise<SamModel> {
  const decoderAfter = async (encoder: OrtSession) =>
    [encoder, await createSession(runtime, files.name, 'decoder', files.decoder)] as const;
  // WebGPU creates one session at a time ("another WebGPU EP inference session is being created").
  const [encoder, decoder] =
    runtime.device === 'webgpu'
      ? await decoderAfter(await createSession(runtime, files.name, 'encoder', files.encoder))
      : await Promise.all([
          createSession(runtime, files.name, 'encoder', files.encoder),
          createSession(runtime, files.name, 'decoder', files.decoder),
        ]);
  try {
    checkSamSessions(files.name, encoder, decoder);
  } catch (error) {
    await Promise.all([encoder.release?.(), decoder.release?.()]).catch(() => {});
    throw error;
  }
  const { Tensor } = runtime.ort;
  const tensor = (data: Float32Array, dims: readonly number[]) => new Tensor('float32', data, dims);
  const noMask = new Float32Array(SAM_MASK_SIZE * SAM_MASK_SIZE);
  let encoding: Promise<unknown> = Promise.resolve();
  // One input buffer for the model's life: encoder runs are one at a time, so each fills it anew.
  let input: Float32Array | undefined;

  async function encode(image: Pixels): Promise<SamEmbedding> {
    const run = encoding.then(async () => {
      input = encoderInput(image, input);
      const feed = tensor(input, [1, 3, SAM_INPUT_SIZE, SAM_INPUT_SIZE]);
      const outputs = await encoder.run({ [encoder.inputNames[0]!]: feed });
      const data = floats(outputs[encoder.outputNames[0]!], SAM_EMBEDDING_LENGTH, 'embedding');
      return {
        data: data.length === SAM_EMBEDDING_LENGTH ? data : data.slice(0, SAM_EMBEDDING_LENGTH),
        width: image.width,
        height: image.height,
      };
    });
    encoding = run.catch(() => {});
    return run;
  }

  async function decode(embedding: SamEmbedding, prompt: SamPrompt): Promise<SamDecoding> {
    const scale = samScale(embedding.width, embedding.height);
    const n = prompt.labels.length;
    const coords = new Float32Array(n * 2);
    for (let i = 0; i < n * 2; i++) coords[i] = prompt.coords[i]! * scale;
    // The masks output is resized to orig_im_size; the kit reads the low-res logits only, so it
    // asks for the smallest size with the image's aspect (the decoder's own upsampling is waste).
    const origH = Math.max(1, Math.round((embedding.height * scale) / 4));
    const origW = Math.max(1, Math.round((embedding.width * scale) / 4));
    const outputs = await decoder.run({
      image_embeddings: tensor(embedding.data, SAM_EMBEDDING_DIMS),
      point_coords: tensor(coords, [1, n, 2]),
      point_labels: tensor(Float32Array.from(prompt.labels), [1, n]),
      mask_input: tensor(prompt.maskInput ?? noMask, [1, 1, SAM_MASK_SIZE, SAM_MASK_SIZE]),
      has_mask_input: tensor(Float32Array.of(prompt.maskInput ? 1 : 0), [1]),
      orig_im_size: tensor(Float32Array.of(origH, origW), [2]),
    });
    const lowRes = floats(outputs.low_res_masks, SAM_MASK_SIZE * SAM_MASK_SIZE, 'low-res mask');
    const iou = floats(outputs.iou_predictions, 1, 'IoU estimate')[0]!;
    return {
      lowRes: lowRes.length === SAM_MASK_SIZE ** 2 ? lowRes : lowRes.slice(0, SAM_MASK_SIZE ** 2),
      iou,
    };
  }

  return {
    name: files.name,
    device: runtime.device,
    encode,
    decode,
    async release() {
      await Promise.all([encoder.release?.(), decoder.release?.()]);
    },
  };
}
