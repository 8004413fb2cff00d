import { describe, expect, it } from 'vitest';
import { describeWebLlmError } from '../../src/llm/webllmErrors.ts';

/** Returns an Error named as WebLLM names it (its classes are minified, but `name` is set). */
function webLlmError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

// WebLLM's own messages (lib/index.js, 0.2.86).
const shaderF16 = webLlmError(
  'ShaderF16SupportError',
  'This model requires WebGPU extension shader-f16, which is not enabled in this browser. ' +
    'You can try to launch Chrome Canary in command line with flag "--enable-dawn-features=allow_unsafe_apis".',
);
const noWebGpu = webLlmError(
  'WebGPUNotAvailableError',
  'WebGPU is not supported in your current environment, but it is necessary to run the WebLLM engine. ' +
    'Please make sure that your browser supports WebGPU and that it is enabled in your browser settings.',
);
const deviceLost = webLlmError(
  'DeviceLostError',
  'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
);
const modelNotFound = webLlmError(
  'ModelNotFoundError',
  'Cannot find model record in appConfig for Qwen2.5-Coder-9B-q4f16_1-MLC. Please check if the model ID is correct and included in the model_list configuration.',
);
const missingModelLib = webLlmError(
  'MissingModelError',
  'Missing `model_lib` for the model with ID "my-model". Please ensure that `model_lib` is provided in `model_list` for each model.',
);
const noAdapter = new Error(
  "Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU, or your system settings are not configured properly. " +
    'Please check if your device has a GPU properly set up and if your your browser supports WebGPU.',
);
const cacheAdd = new TypeError("Failed to execute 'add' on 'Cache': Request failed");
const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('describeWebLlmError', () => {
  it.each([
    ['ShaderF16SupportError', shaderF16, 'shader-f16'],
    ['WebGPUNotAvailableError', noWebGpu, 'no-webgpu'],
    [
      'WebGPUNotFoundError',
      webLlmError('WebGPUNotFoundError', 'Cannot find WebGPU in the environment'),
      'no-webgpu',
    ],
    ['DeviceLostError', deviceLost, 'device-lost'],
    ['ModelNotFoundError', modelNotFound, 'not-found'],
    ['MissingModelError', missingModelLib, 'not-found'],
    [
      'ModelNotLoadedError',
      webLlmError('ModelNotLoadedError', 'Model not loaded before trying to complete ChatCompletionRequest.'),
      'not-found',
    ],
    ['the plain Error for a missing adapter', noAdapter, 'no-adapter'],
    ['a failed Cache.add (missing file)', cacheAdd, 'download'],
    ['QuotaExceededError', quota, 'quota'],
    ['an unrelated error', new RangeError('Invalid array length'), 'unknown'],
  ])('tells %s apart, as an Error and as the worker engine’s toString() text', (_title, error, kind) => {
    expect(describeWebLlmError(error).kind).toBe(kind);
    // WebWorkerMLCEngineHandler sends err.toString(); CreateWebWorkerMLCEngine rejects with that string.
    expect(describeWebLlmError(error.toString()).kind).toBe(kind);
  });

  it('tells the user to choose the q4f32 build when the GPU lacks shader-f16', () => {
    expect(describeWebLlmError(String(shaderF16)).message).toBe(
      'Your GPU lacks shader-f16: choose the q4f32 build of this model',
    );
  });

  it('suggests the CPU backend when there is no WebGPU or no adapter', () => {
    expect(describeWebLlmError(noWebGpu).message).toMatch(/wllama \(CPU\) backend$/);
    expect(describeWebLlmError(String(noAdapter)).message).toMatch(/^WebGPU found no usable GPU.*wllama/);
  });

  it('suggests a smaller model when the GPU was lost', () => {
    expect(describeWebLlmError(deviceLost).message).toContain('load a smaller model');
  });

  it('keeps the first line of WebLLM’s own text where it names what failed', () => {
    expect(describeWebLlmError(String(modelNotFound)).message).toBe(
      'WebLLM does not know or has not loaded this model (ModelNotFoundError: Cannot find model record in appConfig ' +
        'for Qwen2.5-Coder-9B-q4f16_1-MLC. Please check if the model ID is correct and included in the model_list ' +
        'configuration.): choose a model from the catalogue and load it',
    );
    expect(describeWebLlmError(cacheAdd).message).toBe(
      "A model file could not be downloaded or stored (TypeError: Failed to execute 'add' on 'Cache': Request failed): " +
        'check the connection and the model URLs, then load it again',
    );
  });

  it('says to free storage when the quota is exceeded', () => {
    expect(describeWebLlmError(quota).message).toContain('free disk space or delete cached models');
  });

  it('reads errors re-wrapped in a plain Error, error-like records, and values that are not errors', () => {
    expect(describeWebLlmError(new Error(String(shaderF16))).kind).toBe('shader-f16');
    expect(describeWebLlmError({ name: 'DeviceLostError', message: 'lost' }).kind).toBe('device-lost');
    expect(describeWebLlmError(undefined)).toEqual({
      kind: 'unknown',
      message: 'WebLLM failed (undefined): reload the page and try again, or choose a smaller model',
    });
  });

  it('shortens very long texts', () => {
    const { message } = describeWebLlmError(`SomeError: ${'x'.repeat(1000)}`);
    expect(message.length).toBeLessThan(400);
    expect(message).toContain('…');
  });
});
