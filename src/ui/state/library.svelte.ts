/**
 * The run library: every run saved in this browser, as one list that is
 * refreshed after each change, and the runs chosen for comparison.
 */
import { checkRunFileSize, type StoredRun } from '../../core/evolution/runFile.ts';
import type { IdbRunStore, RunSummary } from '../../platform/idbRunStore.ts';

export class Library {
  runs = $state.raw<readonly RunSummary[]>([]);
  /** What went wrong last (a bad import, a failed delete), in words for the user. */
  error = $state<string | null>(null);
  /** Ids of the runs ticked for comparison, in the order they were ticked. */
  chosen = $state.raw<readonly string[]>([]);
  /** The runs being compared, loaded whole; null while the list shows. */
  comparison = $state.raw<readonly StoredRun[] | null>(null);
  readonly #store: IdbRunStore;

  constructor(store: IdbRunStore) {
    this.#store = store;
  }

  async refresh(): Promise<void> {
    await this.#act(async () => {});
  }

  rename(id: string, name: string): Promise<void> {
    return this.#act(() => this.#store.renameRun(id, name));
  }

  delete(id: string): Promise<void> {
    return this.#act(() => this.#store.deleteRun(id));
  }

  /** Imports a run file's text; the message of a bad file is kept in `error`. Returns the new run's id. */
  async import(text: string): Promise<string | null> {
    let id: string | null = null;
    await this.#act(async () => {
      id = (await this.#store.importRun(text)).id;
    });
    return id;
  }

  /** Imports a run file the user picked or dropped, refusing one too large to read before reading it. */
  async importFile(file: File): Promise<string | null> {
    let id: string | null = null;
    await this.#act(async () => {
      checkRunFileSize(file.size);
      id = (await this.#store.importRun(await file.text())).id;
    });
    return id;
  }

  exportText(id: string): Promise<string> {
    return this.#store.exportRun(id);
  }

  /** Ticks or unticks run `id` for comparison. */
  toggleChosen(id: string): void {
    this.chosen = this.chosen.includes(id) ? this.chosen.filter((c) => c !== id) : [...this.chosen, id];
  }

  /** Loads the chosen runs (at least two) and shows them compared. */
  async compare(): Promise<void> {
    if (this.chosen.length < 2) {
      this.error = 'Tick two or more runs to compare them.';
      return;
    }
    await this.#act(async () => {
      const loaded = await Promise.all(this.chosen.map((id) => this.#store.loadRun(id)));
      const missing = this.chosen.filter((_, i) => loaded[i] === null);
      if (missing.length)
        throw new Error(`Run ${missing.join(', ')} is no longer in this browser's storage.`);
      this.comparison = loaded as StoredRun[];
    });
  }

  closeComparison(): void {
    this.comparison = null;
  }

  /** Runs `work`, keeps its error for the user, then reloads the list (and forgets choices of runs now gone). */
  async #act(work: () => Promise<void>): Promise<void> {
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    try {
      const runs = await this.#store.listRuns();
      this.runs = [...runs].sort((a, b) => b.updatedAt - a.updatedAt);
      const kept = this.chosen.filter((id) => runs.some((r) => r.id === id));
      if (kept.length !== this.chosen.length) this.chosen = kept;
    } catch (error) {
      this.error ??= error instanceof Error ? error.message : String(error);
    }
  }
}
