/**
 * `mechlab train`, `mechlab eval --network` and `mechlab run --network` as
 * a user runs them: a network trained in seconds, evaluated next to the
 * baselines, and used for programming by example in a scripted run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNetworkFile, type NetworkFile } from '../../src/core/nn/networkFile.ts';
import { mechlab } from './mechlabProcess.ts';

const scratch = mkdtempSync(join(tmpdir(), 'mechlab-train-'));
const net = join(scratch, 'net.json');
/** Two bidders whose values are tied by a Gaussian copula, on a 40-point grid: the setting the network is trained for. */
const copulaPair = ['--problem', 'correlated-revenue', '--model', 'copula:0.5', '--n', '2', '--grid', '40'];
const small = ['--epochs', '4', '--steps', '20', '--batch', '64', '--hidden', '8', '--learning-rate', '0.01'];

describe('mechlab train, eval --network, run --network', { timeout: 120_000 }, () => {
  let trained: { status: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    trained = await mechlab([
      'train',
      ...copulaPair,
      ...small,
      '--samples',
      '500',
      '--eval-seed',
      '3',
      '--out',
      net,
    ]);
  }, 120_000);

  it('train writes a network file, reports every epoch and scores the fixed network', () => {
    expect(trained.status).toBe(0);
    const progress = trained.stderr.trim().split('\n');
    expect(progress.map((line) => line.split('  ')[0])).toEqual([
      'epoch 1/4',
      'epoch 2/4',
      'epoch 3/4',
      'epoch 4/4',
      'scoring the fixed network on 500 samples…',
    ]);
    const network: NetworkFile = readNetworkFile(JSON.parse(readFileSync(net, 'utf8')));
    expect(network).toMatchObject({
      problem: 'correlated-revenue',
      parameters: { model: 'copula:0.5', n: 2, grid: 40 },
      kind: 'allocation',
      training: { backend: 'wasm', schedule: { epochs: 4, stepsPerEpoch: 20, hidden: [8], seed: 1 } },
      evaluation: { samples: 500, seed: 3, verification: { passed: true, maxViolation: 0 } },
    });
    expect(trained.stdout).toMatch(
      new RegExp(
        `^trained 4 epochs of 20 steps in \\d+\\.\\d s on wasm; the fixed network scores ${network.evaluation!.score.toFixed(4)} ± 0\\.\\d{4} on 500 samples \\(seed 3\\), verification passed — wrote ${net}\\n$`,
      ),
    );
  });

  it('train --json prints the summary as JSON and the progress nowhere', async () => {
    const out = join(scratch, 'rebate.json');
    const { status, stdout, stderr } = await mechlab([
      'train',
      '--problem',
      'vcg-redistribution',
      '--n',
      '4',
      '--grid',
      '20',
      ...small,
      '--backend',
      'cpu',
      '--samples',
      '200',
      '--out',
      out,
      '--json',
    ]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({ out, problem: 'vcg-redistribution', backend: 'cpu' });
    expect(summary.evaluation.score).toBeGreaterThan(0);
    expect(readNetworkFile(JSON.parse(readFileSync(out, 'utf8'))).kind).toBe('rebate');
  });

  it('train prints its progress on standard error, one line per epoch', async () => {
    const { status, stderr } = await mechlab([
      'train',
      '--problem',
      'correlated-revenue',
      '--n',
      '2',
      '--grid',
      '20',
      ...small,
      '--samples',
      '0',
      '--out',
      join(scratch, 'quiet.json'),
    ]);
    expect(status).toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^epoch 1\/4 {2}loss \d\.\d{4} {2}cross-entropy \d\.\d{4} {2}greedy-agreement \d\.\d{4} {2}monotonicity \d\.\d{4} {2}\d+\.\d s$/,
    );
  });

  it('eval --network prints the fixed network’s score next to the baselines, on the samples it was trained for', async () => {
    const { status, stdout } = await mechlab(['eval', '--network', net, '--samples', '500', '--seed', '3']);
    expect(status).toBe(0);
    const network = readNetworkFile(JSON.parse(readFileSync(net, 'utf8')));
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('correlated-revenue  model=copula:0.5 n=2 grid=40  (500 samples, seed 3)');
    expect(lines[1]).toMatch(new RegExp(`^network ${net}: 8 hidden, trained in \\d+\\.\\d s on wasm$`));
    expect(lines[2]).toBe(
      `score  ${network.evaluation!.score.toFixed(4)} ± ${network.evaluation!.standardError.toFixed(4)}`,
    );
    expect(stdout).toMatch(/baselines \(same samples\)\n {2}Second price, no reserve +0\.\d{4} ± 0\.\d{4}/);
    expect(stdout).toMatch(/verification {2}passed/);
  });

  it('eval --network --json carries the network and its training', async () => {
    const { status, stdout } = await mechlab(['eval', '--network', net, '--samples', '200', '--json']);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({
      problem: 'correlated-revenue',
      network: net,
      hidden: [8],
      trainingBackend: 'wasm',
    });
    expect(report.baselines.map((b: { id: string }) => b.id)).toContain('second-price-best-reserve');
  });

  it('says what is wrong with bad input', async () => {
    const cases: [string[], string][] = [
      [
        ['train', '--problem', 'single-item-revenue', '--out', net],
        'single-item-revenue has no network; networks exist for vcg-redistribution and correlated-revenue',
      ],
      [
        ['train', '--problem', 'vcg-redistribution'],
        '--out FILE is required: where the network file is written',
      ],
      [
        ['train', '--problem', 'vcg-redistribution', '--hidden', '8,x', '--out', net],
        '--hidden 8,x is not allowed: layer widths from 1 to 512, separated by commas (e.g. 16,16)',
      ],
      [
        ['train', '--problem', 'vcg-redistribution', '--penalties', 'speed=1', '--out', net],
        "unknown penalty 'speed'; known: deficit, individualRationality",
      ],
      [
        ['train', '--problem', 'vcg-redistribution', '--n', '40', '--out', net],
        '--n = "40" is not allowed: a whole number from 3 to 12',
      ],
      [
        ['eval', '--network', net, '--heuristic', net],
        'give either --heuristic FILE or --network FILE, not both',
      ],
      [
        ['eval', '--network', net, '--problem', 'vcg-redistribution'],
        `${net} is a network for correlated-revenue, not vcg-redistribution: drop --problem`,
      ],
      [
        ['eval', '--network', net, '--n', '3'],
        `${net}: the network was trained for correlated-revenue model=copula:0.5 n=2, but this is correlated-revenue model=copula:0.5 n=3: train a network for this setting`,
      ],
      [
        [
          'run',
          '--problem',
          'vcg-redistribution',
          '--objective',
          'agreement',
          '--out',
          join(scratch, 'x.json'),
        ],
        '--objective and --pbe-weight need --network FILE (a network from mechlab train)',
      ],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = await mechlab(args);
      expect(stderr, args.join(' ')).toBe(`mechlab: ${message}\n`);
      expect(status).toBe(2);
    }
    const broken = join(scratch, 'broken.json');
    writeFileSync(broken, JSON.stringify({ format: 'mechlab-network', version: 1 }));
    const { stderr } = await mechlab(['eval', '--network', broken]);
    expect(stderr).toBe(`mechlab: ${broken}: invalid network file: problem is missing\n`);
  });

  it('run --network puts the network’s examples and score in the prompts, records agreement and stores the network', async () => {
    const replies = join(scratch, 'replies.json');
    const reply = (reserve: number) =>
      `{the network keeps a reserve}\n\`\`\`javascript\nfunction allocate(bids) {\n  const w = bids[0] >= bids[1] ? 0 : 1;\n  return bids[w] >= ${reserve} ? w : -1;\n}\n\`\`\``;
    writeFileSync(replies, JSON.stringify([0.2, 0.25, 0.3, 0.35, 0.4].map(reply)));
    const out = join(scratch, 'nna.json');
    const { status, stdout, stderr } = await mechlab([
      'run',
      ...copulaPair,
      '--backend',
      'scripted',
      '--replies',
      replies,
      '--network',
      net,
      '--pbe-weight',
      '1000',
      '--objective',
      'agreement',
      '--samples',
      '500',
      '--seed',
      '3',
      '--workers',
      '1',
      '--out',
      out,
    ]);
    expect(stdout, stderr).toMatch(/^finished: 6 candidates \(6 valid\)/);
    expect(status).toBe(0);
    const network = readNetworkFile(JSON.parse(readFileSync(net, 'utf8')));
    const run = JSON.parse(readFileSync(out, 'utf8'));
    expect(run.meta.settings.network).toEqual(network);
    expect(run.meta.settings.search).toMatchObject({ secondObjective: 'agreement', pbeWeight: 1000 });
    const models = run.candidates.slice(1);
    expect(models.filter((c: { operator: string }) => c.operator === 'pbe').length).toBeGreaterThanOrEqual(4);
    for (const c of models) {
      const user = c.prompt[1].content as string;
      expect(user).toContain(
        `## Examples from a neural network\nA neural network trained for this problem scores ${Number(network.evaluation!.score.toPrecision(4))} after the same fix.`,
      );
      expect(user).toContain('allocate([x, 0.5]) → ');
    }
    for (const c of run.candidates) {
      const agreement = c.metrics.find((m: { id: string }) => m.id === 'nn-equal-winners');
      expect(agreement.value).toBeGreaterThanOrEqual(0);
      expect(agreement.value).toBeLessThanOrEqual(1);
    }
  });
});
