/**
 * Part 1 of the benchmark in a process of its own, hardened like an
 * evaluation worker (workers/evaluate.node.ts): the fix + evaluation
 * figures of every case, written as JSON to the file named by the first
 * argument. Run by bench/run.ts, whose own process must stay unhardened
 * (Playwright and Vite need the intrinsics as they are).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hardenIntrinsics } from '../src/core/sandbox/harden.ts';
import { benchCases } from './cases.ts';
import { measureCase } from './evaluation.ts';

const [out] = process.argv.slice(2);
const runs = Number(process.env.BENCH_RUNS ?? 5);
hardenIntrinsics();
const root = join(import.meta.dirname, '..');
writeFileSync(out, JSON.stringify(benchCases.map((c) => measureCase(c, root, runs))));
