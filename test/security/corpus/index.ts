/** The hostile-heuristic corpus (issue 9): every program with what it tries and how it must end. */
import { asyncCode } from './asyncCode.ts';
import { conversions } from './conversions.ts';
import { globals } from './globals.ts';
import { loops } from './loops.ts';
import { memory } from './memory.ts';
import { network } from './network.ts';
import { outputs } from './outputs.ts';
import { pollution } from './pollution.ts';
import type { HostileProgram } from './program.ts';
import { replies } from './replies.ts';
import { slow } from './slow.ts';
import { state } from './state.ts';

export type { EvaluatedStatus, Expectation, HostileProgram } from './program.ts';

export const hostileCorpus: readonly HostileProgram[] = [
  ...loops,
  ...memory,
  ...slow,
  ...conversions,
  ...asyncCode,
  ...pollution,
  ...globals,
  ...network,
  ...outputs,
  ...state,
  ...replies,
];

/** Returns the model's reply for `program`: its code in a javascript fence, or its own reply. */
export function replyOf(program: HostileProgram): string {
  return program.reply ?? `Here is my heuristic.\n\n\`\`\`javascript\n${program.code}\n\`\`\`\n`;
}
