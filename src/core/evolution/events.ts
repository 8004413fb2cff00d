/** What a run tells the UI (and the CLI) as it goes. Plain data, tagged by `type`. */
import type { IslandReset } from './database.ts';
import type { RunProgress, RunStatus } from './ports.ts';
import type { Candidate, OperatorId } from './record.ts';

export type RunEvent =
  | { readonly type: 'status'; readonly status: RunStatus; readonly reason?: string }
  /** A prompt was built and sent to the model. */
  | {
      readonly type: 'prompt';
      readonly iteration: number;
      readonly operator: OperatorId;
      readonly island: number;
      readonly parentIds: readonly string[];
    }
  /** A piece of the model's reply, as it streams in. */
  | { readonly type: 'text'; readonly iteration: number; readonly delta: string }
  /** A candidate was recorded (whatever its status). */
  | { readonly type: 'candidate'; readonly candidate: Candidate }
  | { readonly type: 'new-best'; readonly candidate: Candidate }
  | { readonly type: 'island-reset'; readonly resets: readonly IslandReset[] }
  | { readonly type: 'progress'; readonly progress: RunProgress }
  /** Something went wrong that the user should know about; `paused` when the run waits for them. */
  | { readonly type: 'error'; readonly message: string; readonly paused: boolean }
  /**
   * Saving failed (`saved` false: the run goes on in memory, `unsaved`
   * candidates are not stored yet, and an export keeps them) or works again
   * (`saved` true: every candidate is stored).
   */
  | { readonly type: 'storage'; readonly saved: boolean; readonly unsaved: number; readonly message: string };

export type RunListener = (event: RunEvent) => void;
