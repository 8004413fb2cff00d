/**
 * The HTTP headers both servers send. COOP + COEP make the page
 * cross-origin isolated; the Content-Security-Policy allows the app's own
 * origin and the hosts WebLLM downloads models from, and nothing else.
 */

/** Hosts WebLLM fetches weights (Hugging Face and its CDN) and model libraries (GitHub raw) from. */
export const modelHosts = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
];

export const contentSecurityPolicy = [
  "default-src 'self'",
  // wasm-unsafe-eval: WebLLM's and wllama's WebAssembly. The heuristic
  // sandbox compiles model code in workers; see docs/security.md.
  "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
  "worker-src 'self' blob:",
  // Svelte's scoped styles are injected in development.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  `connect-src 'self' ${modelHosts.join(' ')}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
};
