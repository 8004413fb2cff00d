/** `mechlab problems [--json]`: the problems with their parameters and defaults. */
import { problems } from '../../core/problems/index.ts';
import { table } from '../format.ts';
import type { Command } from '../command.ts';

export const problemsCommand: Command = {
  usage: 'mechlab problems [--json]',
  summary: 'list the problems, their parameters (given as --name value) and defaults',
  run({ switches }) {
    if (switches.has('json')) {
      return JSON.stringify(
        problems.map((p) => ({
          id: p.id,
          title: p.title,
          description: p.description,
          heuristic: p.heuristic,
          parameters: p.parameters,
        })),
        null,
        2,
      );
    }
    return problems
      .map((p) => {
        const rows = p.parameters.map((s) => {
          const range = s.kind === 'text' ? 'text, see below' : `${s.kind} ${s.min ?? '−∞'}…${s.max ?? '∞'}`;
          return [`  --${s.name}`, String(s.default), range, s.description];
        });
        const formats = p.parameters
          .filter((s) => s.kind === 'text' && s.format)
          .map((s) => `  --${s.name} format: ${s.format}`);
        const signature = `${p.heuristic.name}(${p.heuristic.parameters.join(', ')})`;
        return [
          `${p.id} — ${p.title}`,
          `  ${p.description}`,
          `  heuristic: function ${signature}`,
          table([['  flag', 'default', 'allowed', 'meaning'], ...rows]),
          ...formats,
        ].join('\n');
      })
      .join('\n\n');
  },
};
