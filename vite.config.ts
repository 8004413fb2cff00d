import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { securityHeaders } from './scripts/security-headers.ts';

// Both servers bind the loopback address only and send the headers that make
// the page cross-origin isolated (for SharedArrayBuffer and threaded wasm).
const server = { host: '127.0.0.1', headers: securityHeaders };

export default defineConfig({
  plugins: [svelte()],
  // 'mpa' makes the servers answer a missing file with 404 instead of
  // index.html, so a missing model file fails as a 404, not a JSON error.
  appType: 'mpa',
  server,
  preview: server,
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
