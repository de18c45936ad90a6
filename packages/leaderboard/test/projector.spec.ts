/**
 * The projector view in headless Chromium: 15 participants × 14 katas at 1920×1080 and 1280×720
 * (and 1024×768, where the kata columns collapse into a strip), every element inside the
 * viewport, no number or label clipped, screenshots written for a person to look at.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Serving, serve } from '../src/serve.ts';
import { available, type Browser, launch, SCREENSHOT_DIR } from './chromium.ts';
import { COURSE_14, cohort, TRUSTED_14 } from './cohort.ts';

/** Everything of the projector that is rendered must lie inside the viewport and show whole. */
// Runs in the page (a string: this file is type-checked without the DOM library).
const OVERFLOW_CHECK = `(() => {
  const W = innerWidth;
  const H = innerHeight;
  const bad = [];
  const name = (el) =>
    el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' "' + (el.textContent || '').slice(0, 30) + '"';
  const doc = document.documentElement;
  if (doc.scrollWidth > W || doc.scrollHeight > H) {
    bad.push('the page scrolls: ' + doc.scrollWidth + '×' + doc.scrollHeight + ' in ' + W + '×' + H);
  }
  const strip = document.querySelector('.p-board')?.classList.contains('strip');
  for (const el of document.querySelectorAll('#projector, #projector *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -0.5 || r.top < -0.5 || r.right > W + 0.5 || r.bottom > H + 0.5) {
      bad.push(name(el) + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
    }
    const clipped = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    const mustShowWhole =
      (el.classList.contains('p-cell') && !strip) ||
      el.classList.contains('p-k') ||
      el.classList.contains('p-total') ||
      el.classList.contains('p-rank');
    if (mustShowWhole && clipped) bad.push(name(el) + ' is clipped');
  }
  return bad;
})()`;

/** Everything of the projector that is rendered must lie inside the viewport and show whole. */
const overflowProblems = (page: Page): Promise<string[]> => page.evaluate(OVERFLOW_CHECK);

describe.skipIf(!available)('projector view in headless Chromium', () => {
  let dir: string;
  let serving: Serving;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hbu-lb-projector-'));
    cohort(15, 12).forEach((doc, i) => {
      writeFileSync(join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(doc));
    });
    serving = await serve({
      folder: dir,
      port: 0,
      pollMs: 60_000,
      refreshSeconds: 0,
      course: COURSE_14,
      trustedCourse: TRUSTED_14,
      title: 'HTTP Bottom Up · Room 1',
      log: () => {},
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    browser = await launch({ width: 1920, height: 1080 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serving?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const open = async (width: number, height: number): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serving.url);
    await page.waitForFunction(
      "document.getElementById('projector').style.getPropertyValue('--fs')",
    );
    expect(errors).toEqual([]);
    return page;
  };

  it.each([
    [1920, 1080, false],
    [1280, 720, false],
    [1024, 768, true],
  ])(
    'shows the whole board at %i×%i without overflow (strip: %s)',
    async (width, height, strip) => {
      const page = await open(width, height);
      expect(await page.evaluate('document.documentElement.dataset.view')).toBe('projector');
      expect(await overflowProblems(page)).toEqual([]);
      const visibleRows = await page.locator('.p-row[data-rank]:visible').count();
      expect(visibleRows).toBe(15);
      expect(await page.locator('.p-labels .p-k').allTextContents()).toEqual(
        COURSE_14.map((k) => k.short),
      );
      expect(await page.locator('.p-board').evaluate((b) => b.classList.contains('strip'))).toBe(
        strip,
      );
      const fs = Number.parseFloat(
        await page.evaluate<string>(
          "getComputedStyle(document.getElementById('projector')).fontSize",
        ),
      );
      // Readable from the back of a room: the row text is at least 2.6 % of the screen height.
      expect(fs / height).toBeGreaterThan(0.026);
      expect(await page.locator('.p-row[data-top]').count()).toBe(3);
      expect(await page.locator('.p-tick:visible').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SCREENSHOT_DIR, `projector-${width}x${height}.png`) });
      await page.close();
    },
    120_000,
  );

  it('detects overflow when there is some (the check is not vacuous)', async () => {
    const page = await open(1280, 720);
    expect(await overflowProblems(page)).toEqual([]);
    // Numbers too big for their cells: clipped, though every box is still on screen.
    const big = await page.addStyleTag({ content: '.p-cell { font-size: 2.5em; }' });
    expect((await overflowProblems(page)).some((p) => /p-cell.* is clipped/.test(p))).toBe(true);
    await big.evaluate((el) => el.remove());
    // Kata columns that do not shrink: the last ones leave the screen.
    await page.addStyleTag({
      content: '.p-row { grid-template-columns: 2.2em 11em 4.2em repeat(var(--katas), 7em); }',
    });
    expect((await overflowProblems(page)).some((p) => /page scrolls|p-cell.* at /.test(p))).toBe(
      true,
    );
    await page.close();
  }, 120_000);

  it('shows the instructor table with ?view=table', async () => {
    const page = await open(1280, 720);
    await page.goto(`${serving.url}?view=table`);
    expect(await page.locator('#projector').isVisible()).toBe(false);
    expect(await page.locator('#board tbody tr:visible').count()).toBe(15);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'table-1280x720.png') });
    await page.close();
  }, 120_000);
});
