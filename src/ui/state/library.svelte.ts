/** The run library: every run saved in this browser, as one list that is refreshed after each change. */
import type { IdbRunStore, RunSummary } from '../../platform/idbRunStore.ts';

export class Library {
  runs = $state.raw<readonly RunSummary[]>([]);
  /** What went wrong last (a bad import, a failed delete), in words for the user. */
  error = $state<string | null>(null);
  readonly #store: IdbRunStore;

  constructor(store: IdbRunStore) {
    this.#store = store;
  }

  async refresh(): Promise<void> {
    await this.#act(async () => {
      const runs = await this.#store.listRuns();
      this.runs = [...runs].sort((a, b) => b.updatedAt - a.updatedAt);
    });
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

  exportText(id: string): Promise<string> {
    return this.#store.exportRun(id);
  }

  async #act(work: () => Promise<void>): Promise<void> {
    this.error = null;
    try {
      await work();
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
    if (this.error === null) {
      try {
        const runs = await this.#store.listRuns();
        this.runs = [...runs].sort((a, b) => b.updatedAt - a.updatedAt);
      } catch (error) {
        this.error = error instanceof Error ? error.message : String(error);
      }
    }
  }
}
