/**
 * The built page in a real browser: Debian's Chromium, driven by playwright-core.
 * Under CI=true a missing Chromium FAILS this file (`.ci/run` installs it); on a laptop without
 * it the file is skipped with a message.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildResults, readCourse } from '@hbu/results';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownRoot } from '../src/build.ts';
import { type Serving, serve } from '../src/serve.ts';
import { available, type Browser, CHROMIUM, inCi, launch, SCREENSHOT_DIR } from './chromium.ts';

/** Results for this checkout's own course (the board checks them against it). */
const course = readCourse(ownRoot);

if (!available && !inCi) {
  console.warn(
    `leaderboard browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`,
  );
}

const EVIL = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>**bold**';
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 24, 9, minute)).toISOString();

// A test of its own, so a CI machine without Chromium reports a failed test, not a skipped file.
it.skipIf(!available && !inCi)(`finds Chromium at ${CHROMIUM} (.ci/run installs it)`, () => {
  expect(existsSync(CHROMIUM)).toBe(true);
});

describe.skipIf(!available)('leaderboard page in headless Chromium', () => {
  let dir: string;
  let serving: Serving;
  let browser: Browser;
  let page: Page;
  const alerts: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hbu-lb-browser-'));
    const write = (
      name: string,
      participant: string,
      minute: number,
      katas: Record<string, number>,
    ) =>
      writeFileSync(
        join(dir, name),
        JSON.stringify(
          buildResults({
            course,
            participant,
            timestamp: at(minute),
            katas: Object.fromEntries(
              Object.entries(katas).map(([slug, score], i) => [slug, { score, order: i + 1 }]),
            ),
          }),
        ),
      );
    // carol and dave tie on 150; dave got there first (minute 20 vs 30).
    write('alice-1.json', 'alice', 5, { 'uri-parser': 100, 'http-message': 25 });
    write('alice-2.json', 'alice', 40, { 'uri-parser': 100, 'http-message': 87.5 });
    write('carol.json', 'carol', 30, { 'uri-parser': 100, 'http-message': 50 });
    write('dave.json', 'dave', 20, { 'uri-parser': 75, 'http-message': 75 });
    write('bob.json', 'bob', 10, { 'uri-parser': 62.5, 'http-message': 0 });
    write('evil.json', EVIL, 1, { 'uri-parser': 12.5, 'http-message': 0 });
    writeFileSync(join(dir, 'truncated.json'), '{"schema_version": 1, "participant": "tr');

    serving = await serve({
      folder: dir,
      port: 0,
      pollMs: 60_000,
      refreshSeconds: 0,
      log: () => {},
    });
    browser = await launch({ width: 1280, height: 560 });
    const { context } = browser;
    page = context.pages()[0] ?? (await context.newPage());
    page.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // The instructor's table; served pages default to the projector view.
    await page.goto(`${serving.url}?view=table`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await serving?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const names = () =>
    page.$$eval('#board tbody tr td.name', (tds) => tds.map((td) => td.textContent));

  it('ranks by total, highest first', async () => {
    expect(await names()).toEqual(['alice', 'dave', 'carol', 'bob', EVIL]);
    expect(
      await page.$$eval('#board tbody tr td.rank', (tds) => tds.map((td) => td.textContent)),
    ).toEqual(['1', '2', '3', '4', '5']);
  });

  it('breaks the tie on 150 points in favour of the one who reached it first', async () => {
    const totals = await page.$$eval('#board tbody tr', (rows) =>
      rows.map((r) => [
        r.querySelector('td.name')?.textContent,
        r.querySelector('td.total')?.getAttribute('data-v'),
      ]),
    );
    expect(totals.slice(1, 3)).toEqual([
      ['dave', '150'],
      ['carol', '150'],
    ]);
  });

  it('renders injected markup as text: no element created, no script run', async () => {
    const cell = page.locator('#board tbody tr', { hasText: '**bold**' }).locator('td.name');
    expect(await cell.textContent()).toBe(EVIL);
    expect(await cell.locator('img, script, strong, b').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(alerts).toEqual([]);
  });

  it('sorts by a column when its header is clicked, and back', async () => {
    await page.getByRole('button', { name: 'Participant' }).click();
    expect(await names()).toEqual([EVIL, 'alice', 'bob', 'carol', 'dave']);
    expect(await page.locator('th', { hasText: 'Participant' }).getAttribute('aria-sort')).toBe(
      'ascending',
    );
    await page.getByRole('button', { name: 'URI parser' }).click();
    expect(await names()).toEqual(['alice', 'carol', 'dave', 'bob', EVIL]);
    await page.getByRole('button', { name: 'Rank' }).click();
    await page.getByRole('button', { name: 'Rank' }).click();
    expect(await names()).toEqual(['alice', 'dave', 'carol', 'bob', EVIL]);
  });

  it('says that one results file (the truncated one) was rejected', async () => {
    expect(await page.locator('.meta').textContent()).toContain('1 results file rejected');
  });

  it('runs its script under the page CSP without errors, and writes screenshots', async () => {
    expect(pageErrors).toEqual([]);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'leaderboard-light.png'), fullPage: true });
    await page.getByRole('button', { name: /Theme/ }).click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(background).toBe('rgb(17, 20, 24)');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'leaderboard-dark.png'), fullPage: true });
    expect(existsSync(join(SCREENSHOT_DIR, 'leaderboard-light.png'))).toBe(true);
  });
});
