/**
 * Launches Debian's Chromium through playwright-core with a fresh profile.
 * Nothing is downloaded: a missing browser is an error that says how to
 * install it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.MECHLAB_CHROMIUM ?? '/usr/bin/chromium';

const baseArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface LaunchOptions {
  /** Enables Chromium's WebGPU in headless mode (a SwiftShader adapter without shader-f16). */
  readonly webgpu?: boolean;
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Opens a headless Chromium with a fresh user-data-dir and one page. */
export async function openBrowser(options: LaunchOptions = {}): Promise<Session> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is missing at ${chromiumPath}: install it with: apt-get install -y chromium`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'mechlab-chromium-'));
  const args = options.webgpu ? [...baseArgs, '--enable-unsafe-webgpu'] : baseArgs;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args,
    viewport: { width: 1280, height: 720 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const root = join(import.meta.dirname, '../../..');

/**
 * Saves a screenshot as test-results/<name>.png and returns its path. With
 * MECHLAB_UPDATE_SCREENSHOTS=1 (`npm run screenshots`) it also writes the
 * viewport to docs/screenshots/<name>.png, the pictures the README shows.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const folder = join(root, 'test-results');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  if (process.env.MECHLAB_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(join(root, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'docs/screenshots', `${name}.png`) });
  }
  return path;
}
