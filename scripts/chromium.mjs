// What the page scripts share (longtasks, profile-typing, screenshot, the benches and shots):
// Debian's Chromium driven by playwright-core from .tools/, launched the same way, and a field
// typed into as a person does.
import { createRequire } from 'module';
const require = createRequire(import.meta.url + '/../../.tools/');
const { chromium } = require('playwright-core');

// Headless Chromium without a GPU (the canvas is rasterised on the page's thread) and without
// its background traffic.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// Types `value` into the settings field ctl-KEY one key at a time, `pauseMs` after each, then
// Enter, and waits 3 s for what follows.
export async function typeIntoSetting(page, key, value, pauseMs) {
  await page.locator(`#ctl-${key}`).click();
  await page.keyboard.press('Control+A');
  for (const ch of value) {
    await page.keyboard.type(ch);
    await page.waitForTimeout(Number(pauseMs));
  }
  await page.keyboard.press('Enter');
  await page.waitForTimeout(3000);
}
