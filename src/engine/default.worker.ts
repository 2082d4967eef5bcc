/// <reference lib="webworker" />
import { createEngineHost } from './worker-host';
import type { WorkerRequest } from './worker-protocol';

// The engine's default Web Worker: boxes and points. It imports nothing of the optional detector,
// so an app's bundler builds it whether or not @tensorflow/* is installed; a name alone answers
// `ungrounded`, naming what to install. engine.worker.ts is this plus the detector.
const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createEngineHost((reply) => scope.postMessage(reply));
scope.onmessage = (message: MessageEvent<WorkerRequest>) => void handle(message.data);
