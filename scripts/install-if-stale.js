#!/usr/bin/env node
/**
 * Installs the locked dependencies (`npm ci`) when node_modules is missing
 * or older than package-lock.json, so that `npm start`, `npm test` and
 * `npm run bench` each work from a fresh clone. Run directly, or import
 * installIfStale().
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const marker = 'node_modules/.package-lock.json';

/** Runs `npm ci` if the installed packages are missing or stale; exits the process if it fails. */
export function installIfStale() {
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
  if (!stale) return;
  const { status } = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`mechlab: \`npm ci\` failed (exit ${status}); see the output above.`);
    process.exit(status ?? 1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) installIfStale();
