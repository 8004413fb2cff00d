/**
 * The TensorFlow.js backends in a browser worker: cpu (plain JavaScript)
 * and wasm (XNNPACK), whose binaries Vite serves as assets. Single-threaded:
 * the networks are small, and one thread keeps a seed's training the same
 * on every machine (measured: docs/nn-assisted.md).
 */
import '@tensorflow/tfjs-backend-cpu';
import { env } from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** Registers the cpu and wasm backends for training in this realm. */
export function registerTrainingBackends(): void {
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // setWasmPaths wants every binary named, although threads are off.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
}
