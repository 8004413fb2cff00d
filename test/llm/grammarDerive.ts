/** Reads the GBNF the grammar builder writes and derives random replies from it (for tests). */
/** One GBNF element: what the grammar builder writes, nothing more. */
export type Node =
  | { kind: 'literal'; text: string }
  | { kind: 'class'; chars: string }
  | { kind: 'rule'; name: string }
  | { kind: 'choice'; options: Node[][] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

/** Reads the subset of GBNF the builder writes: one rule per line, literals, classes, groups, ?, {m,n}. */
export function readGrammar(text: string): Map<string, Node> {
  const rules = new Map<string, Node>();
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const [, name, body] = /^(\w+) ::= (.*)$/.exec(line) ?? [];
    if (!name) throw new Error(`not a rule: ${line}`);
    let at = 0;
    const choice = (): Node => {
      const options: Node[][] = [[]];
      while (at < body.length && body[at] !== ')') {
        if (body[at] === ' ') at++;
        else if (body[at] === '|') {
          at++;
          options.push([]);
        } else options.at(-1)!.push(postfix(element()));
      }
      return { kind: 'choice', options };
    };
    const element = (): Node => {
      const rest = body.slice(at);
      const quoted = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      if (quoted)
        return ((at += quoted[0].length), { kind: 'literal', text: JSON.parse(quoted[0]) as string });
      const klass = /^\[([^\]]*)\]/.exec(rest);
      if (klass) {
        at += klass[0].length;
        let chars = '';
        for (const [, a, b] of klass[1].matchAll(/(.)(?:-(.))?/g))
          for (let c = a.charCodeAt(0); c <= (b ?? a).charCodeAt(0); c++) chars += String.fromCharCode(c);
        return { kind: 'class', chars };
      }
      if (rest[0] === '(') {
        at++;
        const group = choice();
        at++;
        return group;
      }
      const word = /^\w+/.exec(rest);
      if (!word) throw new Error(`cannot read ${rest}`);
      at += word[0].length;
      return { kind: 'rule', name: word[0] };
    };
    const postfix = (node: Node): Node => {
      const bound = /^\{(\d+),(\d+)\}/.exec(body.slice(at));
      if (bound) return ((at += bound[0].length), { kind: 'repeat', node, min: +bound[1], max: +bound[2] });
      if (body[at] === '?') return (at++, { kind: 'repeat', node, min: 0, max: 1 });
      if ('*+'.includes(body[at] ?? 'x')) throw new Error('unbounded repetition');
      return node;
    };
    rules.set(name, choice());
  }
  return rules;
}

/** Returns a random string that `rules` derive from `root`. */
export function deriveReply(rules: Map<string, Node>, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const walk = (node: Node): string => {
    switch (node.kind) {
      case 'literal':
        return node.text;
      case 'class':
        return node.chars[pick(node.chars.length)];
      case 'rule':
        return walk(rules.get(node.name) ?? { kind: 'literal', text: `<missing ${node.name}>` });
      case 'choice':
        return node.options[pick(node.options.length)].map(walk).join('');
      case 'repeat': {
        const count = node.min + pick(node.max - node.min + 1);
        return Array.from({ length: count }, () => walk(node.node)).join('');
      }
    }
  };
  return walk({ kind: 'rule', name: 'root' });
}

/** Returns a seeded generator of floats in [0, 1) (a 32-bit LCG: enough to vary derivations). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
}
