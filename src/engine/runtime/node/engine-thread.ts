import { parentPort } from 'node:worker_threads';
import { createEngineHost } from '../channel/engine-host';
import type { WorkerRequest } from '../channel/worker-protocol';

// One engine thread of the Node pool: the same messages as the browser's Web Worker.
const port = parentPort;
if (!port) throw new Error('segmask engine-thread must run in a worker thread.');
const handle = createEngineHost((reply) => port.postMessage(reply));
port.on('message', (message: WorkerRequest) => handle(message));
