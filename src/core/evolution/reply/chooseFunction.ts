/**
 * Which function of a reply becomes the candidate, and which of the other
 * declarations go with it: the expected name wins; failing that, what a
 * FunSearch prompt invites (`name_v2`) or the last function that nothing
 * else calls; then the helpers and constants it uses, transitively.
 */
import type { HeuristicSignature } from '../../problem.ts';
import type { BrokenDeclaration, Declaration, FunctionDeclaration } from './declarations.ts';

/**
 * Returns the function to keep: the last complete one with the expected
 * name; otherwise (renaming it, with a note) the highest `name_vK` that a
 * FunSearch prompt invites, or else the last complete function that no
 * other calls, preferring those with the expected number of parameters.
 * Returns null when a fenced function with the expected name does not parse
 * (its error is reported instead) or when there is no function.
 */
export function chooseFunction(
  pool: readonly FunctionDeclaration[],
  declarations: readonly Declaration[],
  broken: readonly BrokenDeclaration[],
  signature: HeuristicSignature,
  notes: string[],
): FunctionDeclaration | null {
  const named = pool.filter((f) => f.name === signature.name);
  if (named.length > 0) {
    if (named.length > 1)
      notes.push(`took the last complete of ${named.length} definitions of \`${signature.name}\``);
    return best(named);
  }
  if (broken.some((b) => b.name === signature.name && b.region.fenced)) return null;
  if (pool.length === 0) return null;
  const versioned = new RegExp(`^${signature.name.replace(/\$/g, '\\$')}_?v(\\d+)$`);
  const versions = pool.filter((f) => versioned.test(f.name ?? ''));
  let main: FunctionDeclaration;
  if (versions.length > 0) {
    const version = (f: FunctionDeclaration) => Number(versioned.exec(f.name ?? '')![1]);
    main = versions.reduce((a, b) => (version(b) >= version(a) ? b : a));
  } else {
    const called = new Set<string>();
    for (const d of declarations)
      if (d.kind === 'function') for (const r of d.references) if (r !== d.name) called.add(r);
    // A function without parameters cannot be the heuristic when it takes some: it is a test or a demo.
    const usable = pool.filter((f) => f.arity > 0 || signature.parameters.length === 0);
    const roots = usable.filter((f) => f.name === null || !called.has(f.name));
    const candidates = roots.length > 0 ? roots : usable.length > 0 ? usable : pool;
    const fitting = candidates.filter((f) => f.arity === signature.parameters.length);
    main = best(fitting.length > 0 ? fitting : candidates);
  }
  notes.push(
    main.name === null
      ? `named the anonymous function \`${signature.name}\``
      : `renamed \`${main.name}\` to \`${signature.name}\``,
  );
  return main;
}

/** Returns the last complete function of `functions` (the last one if none is complete). */
function best(functions: readonly FunctionDeclaration[]): FunctionDeclaration {
  const complete = functions.filter((f) => f.complete);
  const from = complete.length > 0 ? complete : functions;
  return from[from.length - 1];
}

/** Returns the declarations `main` uses, directly or through each other (the nearest definition of each name). */
export function helpersOf(
  main: FunctionDeclaration,
  declarations: readonly Declaration[],
  signature: HeuristicSignature,
): Declaration[] {
  const kept = new Set<Declaration>([main]);
  const queue: Declaration[] = [main];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const name of current.references) {
      if (name === signature.name || name === main.name) continue;
      const definition = nearestDefinition(name, main, declarations, signature);
      if (definition && !kept.has(definition)) {
        kept.add(definition);
        queue.push(definition);
      }
    }
  }
  kept.delete(main);
  return [...kept];
}

function nearestDefinition(
  name: string,
  main: FunctionDeclaration,
  declarations: readonly Declaration[],
  signature: HeuristicSignature,
): Declaration | null {
  let found: Declaration | null = null;
  for (const d of declarations) {
    const names = d.kind === 'function' ? [d.name] : d.names;
    if (!names.includes(name) || names.includes(signature.name)) continue;
    // A statement that calls the function itself is an example of its use, not a helper.
    if (
      d.kind === 'value' &&
      (d.references.has(signature.name) || d.references.has(main.name ?? signature.name))
    )
      continue;
    if (!found || d.region === main.region || found.region !== main.region) found = d;
  }
  return found;
}
