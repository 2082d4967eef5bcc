import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
export const CHROMIUM = CANDIDATES.find((path): path is string => Boolean(path && existsSync(path)));

let browser: Promise<Browser> | undefined;
export function launchOnce(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return browser;
}
export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser).close();
  browser = undefined;
}

export interface PageOutcome {
  status: string;
  alert: string;
  result: { path: string; bbox: { xMin: number; yMin: number; xMax: number; yMax: number } } | null;
  errors: string[];
}

/**
 * Opens a page of a test app and waits until its canvas reaches `refined` or `error`; returns
 * the result the app printed (`<output id="result">`), the alert if any, and page errors.
 */
export async function segmentInPage(url: string, timeoutMs = 60_000): Promise<PageOutcome> {
  const page = await (await launchOnce()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // A missing favicon is the app's business; a missing worker or asset shows in the status.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
  });
  try {
    await page.goto(url);
    await page.waitForFunction(
      () =>
        ['refined', 'error'].includes(
          document.querySelector<HTMLElement>('[data-segmask-canvas]')?.dataset.status ?? '',
        ) &&
        (document.querySelector('[data-segmask-canvas]')?.getAttribute('data-status') === 'error' ||
          Boolean(document.getElementById('result')?.textContent)),
      undefined,
      { timeout: timeoutMs },
    );
    const canvas = page.locator('[data-segmask-canvas]');
    const status = (await canvas.getAttribute('data-status')) ?? '';
    const alert = status === 'error' ? ((await canvas.locator('[role="alert"]').textContent()) ?? '') : '';
    const text = (await page.locator('#result').textContent()) ?? '';
    return { status, alert, result: text ? (JSON.parse(text) as PageOutcome['result']) : null, errors };
  } finally {
    await page.close();
  }
}
