import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'acorn';
import type { HeuristicSignature, ProblemInstance } from '../../../src/core/problem.ts';
import type { Candidate, ChatMessage } from '../../../src/core/evolution/record.ts';
import { operators, funsearch, e1, e2, m1, m2, pbe, repair } from '../../../src/core/evolution/operators.ts';
import {
  byAscendingScore,
  type PromptOperator,
  type PromptSettings,
} from '../../../src/core/evolution/prompt.ts';
import { parseReply } from '../../../src/core/evolution/parse.ts';

// A minimal instance: only what the operators call (problem.heuristic, describe, skeleton).
const signature: HeuristicSignature = {
  name: 'priority',
  parameters: ['bid', 'bidder', 'n'],
  doc: 'Returns the priority of bidder `bidder` (0 … n − 1) when it bids `bid` in [0, 1].\nThe item goes to the highest priority if it is above 0.',
};
const description =
  'One item is sold to n = 2 bidders whose values are independent and uniform on [0, 1]. ' +
  'The score is the expected revenue. Whatever your function returns, MechLab makes the auction ' +
  'strategy-proof: each bidder’s priority is made non-decreasing in its bid, and the winner pays the ' +
  'lowest bid at which it would still win.';
const skeleton = `function outcome(bids) {
  let winner = -1, best = 0;
  for (let i = 0; i < bids.length; i++) {
    const p = priority(bids[i], i, bids.length);
    if (p > best) { best = p; winner = i; }
  }
  return winner; // pays its threshold bid
}`;
const instance = {
  problem: { heuristic: signature },
  describe: () => description,
  skeleton: () => skeleton,
} as unknown as ProblemInstance;

function candidate(fields: Partial<Candidate> & Pick<Candidate, 'id'>): Candidate {
  return Object.freeze({
    parentIds: [],
    island: 0,
    operator: 'funsearch',
    iteration: 1,
    createdAt: 0,
    generation: null,
    prompt: [],
    reply: '',
    code: null,
    thought: null,
    status: 'ok',
    error: null,
    score: null,
    standardError: null,
    metrics: [],
    verification: null,
    evaluationMilliseconds: null,
    usage: null,
    ...fields,
  });
}

const weak = candidate({
  id: 'c0001',
  code: 'function priority(bid, bidder, n) {\n  return bid;\n}',
  thought: 'The highest bid wins.',
  score: 0.333412,
});
const strong = candidate({
  id: 'c0002',
  code: 'const RESERVE = 0.5;\n\nfunction priority(bid, bidder, n) {\n  return bid - RESERVE;\n}',
  thought: 'Add a reserve price of one half.',
  score: 0.416978,
});
const parents = [strong, weak]; // deliberately best first: operators sort

const brokenReply =
  'Here is the function:\n```javascript\nfunction priority(bid, bidder, n) {\n  return bid ** ;\n}\n```';
const parsedBroken = parseReply(brokenReply, signature);
if (parsedBroken.ok) throw new Error('the broken reply should not parse');
const parseFailure = candidate({
  id: 'c0003',
  status: 'parse-error',
  reply: brokenReply,
  error: parsedBroken.error,
});
const runtimeFailure = candidate({
  id: 'c0004',
  status: 'runtime-error',
  code: 'function priority(bid, bidder, n) {\n  const weights = null;\n  return bid * weights[bidder];\n}',
  error: {
    reason: 'runtime-error',
    message: "TypeError: Cannot read properties of null (reading '0')",
    line: 3,
    column: 15,
  },
});
const costlyFix = candidate({
  id: 'c0005',
  code: 'function priority(bid, bidder, n) {\n  return Math.sin(6 * bid);\n}',
  score: 0.1021,
  metrics: [
    { id: 'raw-score', label: 'Revenue before the fix', value: 0.3871 },
    { id: 'changed', label: 'Profiles the fix changed', value: 0.74 },
  ],
});
const examples = 'bids [0.91, 0.40] → winner 0\nbids [0.35, 0.30] → no winner\nbids [0.52, 0.77] → winner 1';

/** Renders messages as the golden files store them. */
function render(messages: readonly ChatMessage[]): string {
  return messages.map((m) => `<<< ${m.role}\n${m.content}\n`).join('\n');
}

/** Compares with test/core/evolution/golden/<name>.txt; MECHLAB_UPDATE_GOLDEN=1 (re)writes the file instead. */
function expectGolden(name: string, messages: readonly ChatMessage[]): void {
  const file = new URL(`./golden/${name}.txt`, import.meta.url);
  const text = render(messages);
  if (process.env.MECHLAB_UPDATE_GOLDEN === '1') writeFileSync(file, text);
  expect(existsSync(file), `golden/${name}.txt is missing`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const networkSettings: PromptSettings = { examples, networkScore: 0.40213 };

const cases: [string, PromptOperator, readonly Candidate[], PromptSettings?][] = [
  ['funsearch', funsearch, parents],
  ['funsearch-examples', funsearch, parents, { examples }],
  ['pbe', pbe, parents, networkSettings],
  ['pbe-first', pbe, [], networkSettings],
  ['e1', e1, parents],
  ['e2', e2, parents],
  ['m1', m1, parents],
  ['m2', m2, parents],
  ['repair-parse-error', repair, [parseFailure]],
  ['repair-runtime-error', repair, [runtimeFailure]],
  ['repair-fix-cost', repair, [costlyFix]],
];

describe('prompt operators (golden texts, as FunSearch pins _EXPECTED_PROMPT)', () => {
  for (const [name, operator, given, settings] of cases) {
    it(`${name} writes exactly golden/${name}.txt`, () => {
      expectGolden(name, operator(instance, given, settings));
    });
  }
});

describe('every prompt', () => {
  const all = cases.map(
    ([name, operator, given, settings]) => [name, operator(instance, given, settings)] as const,
  );

  it('is a short system message with the output format, then one user message', () => {
    for (const [, messages] of all) {
      expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
      const system = messages[0].content;
      expect(system).toContain('```javascript\nfunction priority(bid, bidder, n) {');
      expect(system).toMatch(/idea in braces/);
      expect(system.length).toBeLessThan(500);
    }
  });

  it("contains the problem's description, the skeleton, the signature and its doc", () => {
    for (const [, messages] of all) {
      const user = messages[1].content;
      expect(user).toContain(description);
      expect(user).toContain(skeleton);
      expect(user).toContain('function priority(bid, bidder, n)');
      expect(user).toContain(
        ' * Returns the priority of bidder `bidder` (0 … n − 1) when it bids `bid` in [0, 1].',
      );
      expect(user).toContain(' * The item goes to the highest priority if it is above 0.');
      expect(user.trimEnd().split('\n## ').at(-1)).toMatch(/^Task\n/);
    }
  });

  it('stays under 1,500 tokens with two parents (measured as at most 4,500 characters, about 3 per token)', () => {
    for (const [name, messages] of all) {
      const characters = messages.reduce((sum, m) => sum + m.content.length, 0);
      expect(characters, name).toBeLessThan(4_500);
    }
  });

  it('places the examples block, when given, after the parents and before the task', () => {
    const [, user] = funsearch(instance, parents, { examples });
    const at = user.content.indexOf('## Examples from a neural network');
    expect(at).toBeGreaterThan(user.content.indexOf('## Versions so far'));
    expect(at).toBeLessThan(user.content.indexOf('## Task'));
    expect(user.content).toContain(`\`\`\`text\n${examples}\n\`\`\``);
    const withExamples = new Set(
      cases.filter(([, , , settings]) => settings?.examples).map(([name]) => name),
    );
    for (const [name, messages] of all)
      expect(messages[1].content.includes('## Examples'), name).toBe(withExamples.has(name));
  });

  it('shows the network’s score with its examples when the settings carry one', () => {
    const user = funsearch(instance, parents, networkSettings)[1].content;
    expect(user).toContain('A neural network trained for this problem scores 0.4021 after the same fix.');
    expect(funsearch(instance, parents, { examples })[1].content).not.toContain('scores');
  });

  it('asks for a reply that parseReply reads back, thought included', () => {
    const [system] = funsearch(instance, parents);
    const reply = system.content
      .slice(system.content.indexOf('{'))
      .replace('{your idea in one sentence}', '{Use a reserve of one half}')
      .replace('  …', '  return bid - 0.5;');
    const parsed = parseReply(reply, signature);
    expect(parsed).toMatchObject({ ok: true, thought: 'Use a reserve of one half' });
  });
});

describe('operators with parents', () => {
  it('show every parent with its score, worst first, whatever order the parents come in', () => {
    for (const operator of [funsearch, e1, e2]) {
      const user = operator(instance, parents)[1].content;
      expect(user.indexOf('0.3334')).toBeGreaterThan(0);
      expect(user.indexOf('0.3334')).toBeLessThan(user.indexOf('0.417'));
      expect(operator(instance, [weak, strong])).toEqual(operator(instance, [strong, weak]));
    }
  });

  it('FunSearch renames the parents priority_v0, priority_v1 and asks for priority', () => {
    const user = funsearch(instance, parents)[1].content;
    const versions = user.slice(user.indexOf('## Versions'), user.indexOf('## Task'));
    expect(versions).toContain('function priority_v0(bid, bidder, n) {\n  return bid;\n}');
    expect(versions).toContain('function priority_v1(bid, bidder, n) {\n  return bid - RESERVE;\n}');
    expect(versions).not.toMatch(/\bpriority\(/);
    expect(user).toMatch(
      /## Task\nWrite `function priority\(bid, bidder, n\)`, an improved version of `priority_v1`/,
    );
  });

  it('FunSearch leaves the rest of the code alone when renaming (strings, properties, longer names)', () => {
    const tricky = candidate({
      id: 'c0009',
      score: 1,
      code: 'function priority(bid, bidder, n) {\n  const o = { priority: 1 };\n  const priorityScale = o.priority;\n  return bid * priorityScale + "priority".length * 0;\n}',
    });
    const user = funsearch(instance, [tricky])[1].content;
    expect(user).toContain(
      'function priority_v0(bid, bidder, n) {\n  const o = { priority: 1 };\n  const priorityScale = o.priority;\n  return bid * priorityScale + "priority".length * 0;\n}',
    );
  });

  it('EoH operators show each parent’s idea; M1 and M2 show only the best parent', () => {
    expect(e1(instance, parents)[1].content).toContain('Idea: The highest bid wins.');
    for (const operator of [m1, m2]) {
      const user = operator(instance, parents)[1].content;
      expect(user).toContain(strong.code);
      expect(user).not.toContain(weak.code);
    }
  });

  it('without parents, every operator but repair falls back to a first-idea prompt', () => {
    for (const operator of [funsearch, e1, m1, m2]) {
      const user = operator(instance, [])[1].content;
      expect(user).not.toContain('## Versions');
      expect(user).toMatch(/## Task\nWrite a `priority` that scores as high as you can/);
    }
  });

  it('repair shows the exact error and the line at fault', () => {
    const user = repair(instance, [runtimeFailure])[1].content;
    expect(user).toContain(runtimeFailure.code);
    expect(user).toContain("TypeError: Cannot read properties of null (reading '0')");
    expect(user).toContain('The line at fault: `return bid * weights[bidder];`');
    const parseUser = repair(instance, [parseFailure])[1].content;
    expect(parseUser).toContain('The line at fault: `return bid ** ;`');
    expect(parseUser).toContain('## Your last reply\n~~~\nHere is the function:');
  });

  it('repair of a candidate that the fix changed shows the fixed score and the metrics', () => {
    const user = repair(instance, [costlyFix])[1].content;
    expect(user).toContain('its score after the fix is 0.1021');
    expect(user).toContain('- Revenue before the fix: 0.3871');
    expect(user).toContain('- Profiles the fix changed: 0.74');
  });

  it('repair leaves out <think> blocks of the reply it shows', () => {
    const thinking = candidate({
      ...parseFailure,
      id: 'c0010',
      reply: '<think>\nI will try hard.\n</think>\nNo code today.',
      error: { reason: 'parse-error', message: 'The reply contains no JavaScript function.' },
    });
    const user = repair(instance, [thinking])[1].content;
    expect(user).not.toContain('I will try hard');
    expect(user).toContain('~~~\nNo code today.\n~~~');
  });
});

describe('programming by example (pbe)', () => {
  it('asks to reproduce the network’s examples with readable rules, then to beat the network and the best parent', () => {
    const user = pbe(instance, parents, networkSettings)[1].content;
    expect(user).toContain(`## Best function so far (score 0.417)\nIdea: ${strong.thought}`);
    expect(user).not.toContain(weak.code);
    expect(user).toMatch(
      /## Task\nWrite a `priority` that reproduces the network's examples with a few readable rules, and change those rules where that should make it score higher than the network \(0\.4021\) and the best function so far\./,
    );
  });

  it('without parents, beats only the network; without examples, it is E1', () => {
    expect(pbe(instance, [], networkSettings)[1].content).toMatch(
      /score higher than the network \(0\.4021\)\. In braces/,
    );
    expect(pbe(instance, parents)).toEqual(e1(instance, parents));
    expect(pbe(instance, parents, { networkScore: 0.5 })).toEqual(
      e1(instance, parents, { networkScore: 0.5 }),
    );
  });
});

describe('prompt operators as functions', () => {
  it('the registry holds exactly funsearch, e1, e2, m1, m2, pbe and repair', () => {
    expect(Object.keys(operators).sort()).toEqual(['e1', 'e2', 'funsearch', 'm1', 'm2', 'pbe', 'repair']);
  });

  it('are pure: the same arguments give deep-equal prompts, and frozen parents are not touched', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(operators)),
        fc.array(fc.constantFrom(weak, strong, runtimeFailure, costlyFix, parseFailure), { maxLength: 4 }),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
        (operator, given, text, score) => {
          const settings = text === undefined ? undefined : { examples: text, networkScore: score };
          const first = operator(instance, Object.freeze([...given]), settings);
          expect(operator(instance, given, settings)).toEqual(first);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('byAscendingScore puts unscored parents first, keeps ties in order and drops parents without code', () => {
    const a = candidate({ id: 'a', code: 'x', score: 0.5 });
    const b = candidate({ id: 'b', code: 'y', score: null });
    const c = candidate({ id: 'c', code: 'z', score: 0.5 });
    const d = candidate({ id: 'd', code: null, score: 0.9 });
    expect(byAscendingScore([a, b, c, d]).map((p) => p.id)).toEqual(['b', 'a', 'c']);
  });

  it('every code block of a prompt holds code that acorn parses (skeleton and header aside; a broken reply shown for repair aside)', () => {
    for (const [name, operator, given, settings] of cases.filter(([name]) => name !== 'repair-parse-error')) {
      const user = operator(instance, given, settings)[1].content;
      const blocks = [...user.matchAll(/```javascript\n([\s\S]*?)\n```/g)].map((m) => m[1]);
      for (const block of blocks.slice(2))
        expect(() => parse(block, { ecmaVersion: 'latest' }), name).not.toThrow();
    }
  });
});
