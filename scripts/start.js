#!/usr/bin/env node
/**
 * `npm start`: installs dependencies if they are missing or older than the
 * lock file, builds the app, and serves it on 127.0.0.1 with the headers
 * that make the page cross-origin isolated.
 */
import { spawnSync } from 'node:child_process';
import { installIfStale } from './install-if-stale.js';

/** @param {string} command @param {string[]} args */
function step(command, args) {
  const { status } = spawnSync(command, args, { stdio: 'inherit' });
  if (status !== 0) {
    console.error(
      `mechlab start: \`${command} ${args.join(' ')}\` failed (exit ${status}); see the output above.`,
    );
    process.exit(status ?? 1);
  }
}

installIfStale();
step('npx', ['vite', 'build']);

const { preview } = await import('vite');
const port = Number(process.env.PORT ?? 4173);
const server = await preview({
  preview: { host: '127.0.0.1', port, strictPort: false, open: false },
  logLevel: 'warn',
});
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\nMechLab is running at ${url}  (Ctrl+C to stop)`);
