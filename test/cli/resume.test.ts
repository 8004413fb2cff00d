/**
 * `mechlab resume` as a user meets it: a run killed with SIGKILL (its
 * journal left beside the file) or paused with Ctrl-C goes on to its
 * budget and ends with the records an uninterrupted run makes; what cannot
 * go on says why in one line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mechlab, root } from './mechlabProcess.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-resume-'));

interface RunFile {
  meta: { id: string };
  progress: { status: string };
  candidates: {
    id: string;
    parentIds: string[];
    island: number;
    status: string;
    score: number | null;
    code: string | null;
  }[];
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunFile;

/** What must agree between two runs of the same settings: lineage, statuses, scores, code. */
const essentials = (run: RunFile) =>
  run.candidates.map(({ id, parentIds, island, status, score, code }) => ({
    id,
    parentIds,
    island,
    status,
    score,
    code,
  }));

/** Starts `mechlab run` and sends `signal` once its progress lines reach candidate `id`; resolves with its output. */
function interruptedRun(args: readonly string[], id: string, signal: NodeJS.Signals) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/mechlab.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
      if (!sent && new RegExp(`^${id} `, 'm').test(stderr)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const demo = (out: string, budget = 30) => [
  'run',
  '--problem',
  'single-item-revenue',
  '--budget',
  String(budget),
  '--workers',
  '1',
  '--time-limit',
  '2', // the demo's endless loop costs its time limit
  '--out',
  out,
];

describe('mechlab resume', { timeout: 180_000 }, () => {
  it('goes on with a killed run from its file and journal, and ends with the records of an uninterrupted run', async () => {
    const killed = join(scratch, 'killed.json');
    await interruptedRun(demo(killed), 'c0012', 'SIGKILL');
    expect(existsSync(`${killed}.journal`)).toBe(true);
    // The records since the file was last written are in the journal alone.
    const journalLines = readFileSync(`${killed}.journal`, 'utf8').trim().split('\n');
    expect(read(killed).candidates.length + journalLines.length).toBeGreaterThanOrEqual(13);

    const resumed = await mechlab(['resume', '--run', killed, '--workers', '1', '--json']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ status: 'finished', candidates: 31, out: killed });
    expect(existsSync(`${killed}.journal`)).toBe(false);

    const whole = join(scratch, 'whole.json');
    expect((await mechlab([...demo(whole), '--json'])).status).toBe(0);
    expect(essentials(read(killed))).toEqual(essentials(read(whole)));
    // The best score counts the records from before the kill too.
    const scores = read(killed).candidates.flatMap((c) =>
      c.status === 'ok' && c.score !== null ? [c.score] : [],
    );
    expect(JSON.parse(resumed.stdout).best).toBe(Math.max(...scores));
  });

  it('pauses on Ctrl-C with the command that goes on, then goes on to the budget', async () => {
    const out = join(scratch, 'paused.json');
    const paused = await interruptedRun(demo(out, 20), 'c0004', 'SIGINT');
    expect(paused.status).toBe(0);
    expect(paused.stdout).toMatch(
      new RegExp(`^paused: \\d+ candidates .* — go on with: mechlab resume --run ${out}\\n$`),
    );
    const before = read(out);
    expect(before.progress.status).toBe('paused');

    const resumed = await mechlab(['resume', '--run', out, '--workers', '1']);
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`^resuming run '${before.meta.id}' after ${before.candidates.length - 1} of 20 candidates`),
    );
    expect(resumed.stdout).toMatch(/^finished: 21 candidates/);
    expect(read(out).candidates.slice(0, before.candidates.length)).toEqual(before.candidates);
  });

  it('says in one line why a run cannot go on', async () => {
    const finished = join(scratch, 'finished.json');
    expect((await mechlab([...demo(finished, 3), '--json'])).status).toBe(0);
    const again = await mechlab(['resume', '--run', finished]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(
      /^mechlab: run '[\w-]+' in .*finished\.json is finished: only a paused or interrupted run can go on\n$/,
    );

    const missing = await mechlab(['resume', '--run', join(scratch, 'nothing.json')]);
    expect(missing.stderr).toMatch(/^mechlab: cannot read run file .*nothing\.json: no such file\n$/);
    expect(missing.status).toBe(2);

    // A replies file's path is not in the run file: it must be named again.
    const replies = join(scratch, 'replies.json');
    writeFileSync(replies, JSON.stringify(['no code', 'no code either', 'still none']));
    const scripted = join(scratch, 'scripted.json');
    const model = ['--backend', 'scripted', '--replies', replies];
    const start = ['run', '--problem', 'single-item-revenue', ...model, '--budget', '3', '--workers', '1'];
    await interruptedRun([...start, '--out', scripted], 'c0000', 'SIGKILL');
    const unnamed = await mechlab(['resume', '--run', scripted]);
    expect(unnamed.stderr).toBe(
      `mechlab: this run's model was scripted scripted:${replies}: name it again to go on, e.g. ${model.join(' ')}\n`,
    );
    const stray = await mechlab(['resume', '--run', scripted, ...model, '--n', '3']);
    expect(stray.stderr).toBe(
      'mechlab: --n is not a flag of mechlab resume: the run keeps the problem and settings it was started with\n',
    );
    const named = await mechlab(['resume', '--run', scripted, ...model, '--json']);
    expect(JSON.parse(named.stdout)).toMatchObject({ status: 'finished', candidates: 4, valid: 1 });
  });
});
