import { parentPort } from 'node:worker_threads';
import { createEngineHost } from '../channel/engine-host';
import type { WorkerRequest } from '../channel/worker-protocol';
import { parseBodyOnThread, type ParseBodyRequest } from './parse-body-on-thread';
import { yieldToEventLoop } from './yield-to-event-loop';

// One engine thread of the Node pool: the same messages as the browser's Web Worker, plus raw
// `/segment` bodies to parse (a server's JSON and base64 work, kept off its event loop).
const port = parentPort;
if (!port) throw new Error('segmask engine-thread must run in a worker thread.');
yieldToEventLoop(); // before the model loads, so onnxruntime's own threads inherit it
const handle = createEngineHost((reply) => port.postMessage(reply));
port.on('message', (message: WorkerRequest | ParseBodyRequest) => {
  if (message.kind !== 'parse_body') return handle(message);
  const { reply, transfer } = parseBodyOnThread(message);
  port.postMessage(reply, transfer);
});
