/** A fresh browser for each test of a describe block, closed after the test whatever happened. */
import { afterEach, inject } from 'vitest';
import { openBrowser, type LaunchOptions, type Session } from './browser.ts';

export interface BrowserPerTest {
  /** Opens this test's browser on a blank page (for init scripts that must come before the app). */
  open(options?: LaunchOptions): Promise<Session>;
  /** Opens this test's browser on the app. */
  openApp(options?: LaunchOptions): Promise<Session>;
}

/** Call in a describe block: registers the closing of the browser each of its tests opens. */
export function browserPerTest(): BrowserPerTest {
  let session: Session | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });
  const open = async (options: LaunchOptions = {}): Promise<Session> =>
    (session = await openBrowser(options));
  return {
    open,
    async openApp(options = {}) {
      const opened = await open(options);
      await opened.page.goto(inject('baseUrl'));
      return opened;
    },
  };
}
