/** Registers the TensorFlow.js backends for the training tests, as `mechlab train` does. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
