/**
 * Debian's Chromium driven by playwright-core, started the same way by every browser spec: a
 * fresh profile, no network services, no sandbox (we run as root in CI containers).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const inCi = process.env.CI === 'true' || process.env.CI === '1';
export const available = existsSync(CHROMIUM);
/** Screenshots land beside the other reports (git-ignored), for a person to look at. */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../reports/leaderboard');

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close: () => Promise<void>;
}

/** A persistent context on a fresh user-data-dir (playwright passes it as --user-data-dir). */
export async function launch(viewport: { width: number; height: number }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hbu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport,
    colorScheme: 'light',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
