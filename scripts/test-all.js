#!/usr/bin/env node
/**
 * `npm test`: everything CI runs, in order — the locked dependencies if
 * they are missing, type checks, lint, unit tests, build, browser tests — then one plain closing line `N passed, N failed`
 * (tests of both Vitest projects plus one per static check). Every step
 * runs even when an earlier one fails, so one run shows every problem; the
 * exit code is non-zero if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { installIfStale } from './install-if-stale.js';

installIfStale();

const results = 'test-results';
mkdirSync(results, { recursive: true });

/**
 * Runs one command with inherited output; returns whether it exited 0.
 * @param {string} label @param {string} command @param {string[]} args
 */
function run(label, command, args) {
  console.log(`\n── ${label}: ${command} ${args.join(' ')}`);
  const { status, error } = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (error) console.error(`${label}: ${error.message}`);
  return status === 0;
}

/**
 * Runs a Vitest project with a JSON report and returns its counts.
 * @param {string} project
 */
function vitest(project) {
  const report = `${results}/vitest-${project}.json`;
  rmSync(report, { force: true });
  const ok = run(`${project} tests`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${report}`,
  ]);
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
  return { passed: json.numPassedTests, failed };
}

let passed = 0;
let failed = 0;
/** @param {boolean} ok */
function count(ok) {
  if (ok) passed += 1;
  else failed += 1;
}

count(run('type check', 'npm', ['run', '--silent', 'check']));
count(run('lint', 'npm', ['run', '--silent', 'lint']));
for (const counts of [vitest('unit')]) {
  passed += counts.passed;
  failed += counts.failed;
}
const built = run('build', 'npx', ['vite', 'build']);
count(built);
if (built) {
  const counts = vitest('e2e');
  passed += counts.passed;
  failed += counts.failed;
} else {
  console.error('browser tests skipped: the build failed');
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
