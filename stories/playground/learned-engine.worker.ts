// The playground's engine worker: the detector's packages and onnxruntime-web, as an app that
// installed both would write it (`import 'segmask/engine-worker'; import 'segmask/learned-worker';`).
import '../../src/engine/runtime/web-worker/detector.worker';
import '../../src/engine/runtime/web-worker/learned.worker';
