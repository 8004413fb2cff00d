/**
 * The share of replies that parse into a valid heuristic (parseReply finds
 * the function, compileHeuristic accepts it), without and with the grammar,
 * measured where it can be without a real model (docs/models.md):
 * - without: the scripted demo corpus, written the way small coding models
 *   write, faults included (400 replies per problem, seed 1);
 * - with: replies derived at random from the grammar (1,000 per problem),
 *   which is every reply a grammar-constrained model can produce.
 * The tiny GGUF model's share with and without the grammar is measured in
 * the browser (test/e2e/local-model.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/core/evolution/parse.ts';
import type { HeuristicSignature } from '../../src/core/problem.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { compileHeuristic } from '../../src/core/sandbox/compile.ts';
import { demoSet } from '../../src/llm/demoReplies.ts';
import { heuristicGrammar } from '../../src/llm/grammar.ts';
import { deriveReply, readGrammar, seeded } from './grammarDerive.ts';

/** Returns whether `reply` parses into a function that compiles with `signature`. */
function valid(reply: string, signature: HeuristicSignature): boolean {
  const parsed = parseReply(reply, signature);
  return parsed.ok && compileHeuristic(parsed.code, signature).ok;
}

const problems = ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue'] as const;

describe('the share of replies that parse into a valid heuristic', () => {
  it.each([
    ['single-item-revenue', 374],
    ['vcg-redistribution', 375],
    ['correlated-revenue', 375],
  ] as const)('without the grammar, in the demo corpus of %s: %i of 400', (id, expected) => {
    const signature = problemById(id).heuristic;
    const replies = demoSet(id, 400, 1);
    const good = replies.filter((r) => valid(r.reply, signature));
    expect(good.length).toBe(expected);
    // Exactly the faults that break reading or compiling fail; loops, NaN and throws are caught later, when scored.
    const failed = new Set(replies.filter((r) => !valid(r.reply, signature)).map((r) => r.fault));
    expect([...failed].sort()).toEqual(['forbidden-global', 'syntax-error', 'undefined-name']);
  });

  it.each(problems)('with the grammar (%s): 1,000 of 1,000 derived replies', (id) => {
    const signature = problemById(id).heuristic;
    const rules = readGrammar(heuristicGrammar(signature));
    const random = seeded(11);
    let good = 0;
    for (let i = 0; i < 1000; i++) if (valid(deriveReply(rules, random), signature)) good++;
    expect(good).toBe(1000);
  });
});
