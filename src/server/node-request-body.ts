import type { IncomingMessage } from 'node:http';

/**
 * A Node request body as a web stream, with backpressure. Unlike `Readable.toWeb`, cancelling it
 * (the handler refusing a body mid-upload) stops reading without destroying the socket, so the
 * early answer can still reach the client (see `lingerThenEnd` in node-response.ts).
 */
export function nodeRequestBody(req: IncomingMessage): {
  stream: ReadableStream<Uint8Array>;
  /** Stops feeding the stream (the adapter then drains or closes the request itself). */
  detach(): void;
} {
  let detach = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          detach();
          controller.close();
        };
        const onFail = () => {
          detach();
          controller.error(new Error('The client left while uploading.'));
        };
        const onClose = () => {
          if (!req.complete) onFail();
        };
        detach = () => {
          req.off('data', onData).off('end', onEnd).off('error', onFail).off('close', onClose);
          detach = () => {};
        };
        req.on('data', onData).on('end', onEnd).on('error', onFail).on('close', onClose);
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
        req.pause();
      },
    },
    { highWaterMark: 4 },
  );
  return { stream, detach: () => detach() };
}
