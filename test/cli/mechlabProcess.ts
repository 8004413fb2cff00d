/** Runs the `mechlab` command as a user does: a child process through the package's bin entry. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/mechlab.js');

export interface Finished {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs mechlab and waits for it, blocking this process (fine unless a server lives in this process). */
export function mechlabSync(args: readonly string[]): Finished {
  const { status, stdout, stderr } = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { status, stdout, stderr };
}

/** Runs mechlab without blocking this process's event loop (a fake server in this process keeps answering). */
export function mechlab(args: readonly string[]): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
