import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser): the binary, or the wrapper script. */
export const CHROMIUM_PATH = [
  process.env.CHROMIUM_PATH,
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
].find((path): path is string => Boolean(path && existsSync(path)));

/** Headless Chromium with the flags that work as root in a container, and `extraArgs`. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('Chromium is not installed (apt-get install -y chromium).');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}
