import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/core/evolution/parse.ts';
import { problemById } from '../../src/core/problems/index.ts';
import { compileHeuristic } from '../../src/core/sandbox/compile.ts';
import { heuristicGrammar } from '../../src/llm/grammar.ts';
import { deriveReply as derive, readGrammar, seeded, type Node } from './grammarDerive.ts';

/** Returns the names of the rules `node` refers to. */
function references(node: Node): string[] {
  if (node.kind === 'rule') return [node.name];
  if (node.kind === 'choice') return node.options.flat().flatMap(references);
  if (node.kind === 'repeat') return references(node.node);
  return [];
}

const problems = ['single-item-revenue', 'vcg-redistribution', 'correlated-revenue'] as const;

describe('heuristicGrammar', () => {
  it('pins the grammar of the single-item signature', () => {
    expect(heuristicGrammar(problemById('single-item-revenue').heuristic)).toMatchSnapshot();
  });

  it('defines every rule it refers to, and no unbounded repetition', () => {
    for (const id of problems) {
      const rules = readGrammar(heuristicGrammar(problemById(id).heuristic));
      expect(rules.has('root')).toBe(true);
      for (const node of rules.values())
        for (const name of references(node)) expect(rules.has(name), name).toBe(true);
    }
  });

  for (const id of problems) {
    it(`derives only replies that parseReply reads and compileHeuristic accepts (${id})`, () => {
      const signature = problemById(id).heuristic;
      const rules = readGrammar(heuristicGrammar(signature));
      const random = seeded(7);
      for (let i = 0; i < 300; i++) {
        const reply = derive(rules, random);
        const parsed = parseReply(reply, signature);
        expect(parsed, reply).toMatchObject({ ok: true });
        if (!parsed.ok) continue;
        expect(parsed.thought, reply).toMatch(/^[a-zA-Z ]+$/);
        const compiled = compileHeuristic(parsed.code, signature);
        expect(compiled.ok, `${reply}\n${JSON.stringify(compiled)}`).toBe(true);
      }
    });
  }

  it('derives replies of the exact shape: idea line, then the function with its parameters', () => {
    const signature = problemById('vcg-redistribution').heuristic;
    const reply = derive(readGrammar(heuristicGrammar(signature)), seeded(1));
    expect(reply).toMatch(/^\{[a-zA-Z ]+\}\nfunction rebate\(others, n, m\) \{\n {2}return .+;\n\}$/);
  });
});
