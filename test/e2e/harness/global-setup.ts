/**
 * Starts the built app (dist/, or the folder MECHLAB_DIST names, so that
 * several builds can be tested side by side) on a free 127.0.0.1 port with
 * `vite preview` before the browser tests and stops it afterwards. The URL
 * reaches the tests through `inject('baseUrl')`.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  const root = resolve(import.meta.dirname, '../../..');
  const outDir = resolve(root, process.env.MECHLAB_DIST ?? 'dist');
  if (!existsSync(`${outDir}/index.html`)) {
    throw new Error(
      `${outDir} holds no build: run \`npm run build\` (or \`npm run test:e2e\`, which builds first)`,
    );
  }
  const port = await freePort();
  server = await preview({
    root,
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
    logLevel: 'warn',
  });
  project.provide('baseUrl', `http://127.0.0.1:${port}/`);
}

export async function teardown(): Promise<void> {
  await server?.close();
}
