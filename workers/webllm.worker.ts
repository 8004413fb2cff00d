/**
 * Hosts WebLLM's engine off the main thread. WebLLM brings its own message
 * protocol (WebWorkerMLCEngine on the page, this handler in the worker), so
 * this entry point only routes messages to the handler.
 */
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (message: MessageEvent) => handler.onmessage(message);
