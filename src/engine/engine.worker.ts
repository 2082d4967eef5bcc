/// <reference lib="webworker" />
import { createEngineHost } from './worker-host';
import type { WorkerRequest } from './worker-protocol';

// The engine's Web Worker.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEngineHost((reply) => scope.postMessage(reply));
scope.onmessage = (message: MessageEvent<WorkerRequest>) => void handle(message.data);
