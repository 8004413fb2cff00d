/**
 * A GBNF grammar (llama.cpp's grammar format) that leaves a model no choice
 * but to write a reply the engine can read: a one-line idea in braces, a
 * newline, then one JavaScript function with the expected name and
 * parameters whose body returns an arithmetic expression over the
 * parameters, numbers and Math.max/min/abs. Small models (and the project's
 * random test model) then always produce code that parseReply extracts and
 * compileHeuristic accepts; what the code is worth is the evaluator's job.
 */
import type { HeuristicSignature } from '../core/problem.ts';

/** How deeply calls and parentheses nest: bounded so a reply always ends within a few hundred characters. */
export const expressionDepth = 2;

/** Returns `text` as a GBNF string literal (JSON's escapes are GBNF's for ASCII). */
function literal(text: string): string {
  return JSON.stringify(text);
}

/**
 * Returns the rules for expressions nesting at most `depth` levels: level 0
 * is a parameter or a number, level k combines up to four level-k terms with
 * + - * /, a term being an atom, a Math call or a parenthesised level k − 1
 * expression.
 */
function expressionRules(depth: number): string[] {
  const rules = [`expr0 ::= atom`];
  for (let k = 1; k <= depth; k++) {
    const inner = `expr${k - 1}`;
    rules.push(
      `expr${k} ::= term${k} (op term${k}){0,3}`,
      `term${k} ::= atom | "Math.max(" ${inner} ", " ${inner} ")" | "Math.min(" ${inner} ", " ${inner} ")"` +
        ` | "Math.abs(" ${inner} ")" | "(" ${inner} ")"`,
    );
  }
  return rules;
}

/** Returns the GBNF grammar of a reply that defines `signature`'s function (root rule `root`). */
export function heuristicGrammar(signature: HeuristicSignature): string {
  const header = `function ${signature.name}(${signature.parameters.join(', ')}) {\n  return `;
  const parameters = signature.parameters.map(literal);
  return [
    `root ::= idea "\\n" function`,
    // Three to ten words of letters: what findThought takes for an idea.
    `idea ::= "{" word (" " word){2,9} "}"`,
    `word ::= [a-zA-Z]{2,10}`,
    `function ::= ${literal(header)} expr${expressionDepth} ${literal(';\n}')}`,
    ...expressionRules(expressionDepth),
    `atom ::= ${parameters.length > 0 ? `${parameters.join(' | ')} | ` : ''}number`,
    `number ::= [0-9] ("." [0-9] [0-9]?)?`,
    `op ::= " + " | " - " | " * " | " / "`,
    '',
  ].join('\n');
}
