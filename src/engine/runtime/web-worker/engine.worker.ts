/// <reference lib="webworker" />
import { createEngineHost } from '../channel/engine-host';
import type { WorkerRequest } from '../channel/worker-protocol';

// The engine's Web Worker.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEngineHost((reply) => scope.postMessage(reply));
scope.onmessage = (message: MessageEvent<WorkerRequest>) => handle(message.data);
