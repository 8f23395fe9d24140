// Runs a sweep in the page and screenshots the sweep panel (playwright-core, Debian's
// Chromium). Usage: node scripts/sweep-shot.mjs URL OUT.png [VALUES] [SEEDS]
// Types VALUES into the sweep's values field (default: the form's), clicks Run, waits for the
// sweep to finish and prints its progress figures.
import { launch } from './chromium.mjs';

const [url, out, values, seeds] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH || 1440), height: 1100 }, deviceScaleFactor: 1,
  colorScheme: process.env.SCHEME || 'dark' });
page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(url);
await page.waitForSelector('#sweep-run');
const type = async (sel, text) => {
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 60 });
  await page.keyboard.press('Tab');
};
if (values) await type('#sweep-values', values);
if (seeds) await type('#sweep-seeds', seeds);
if (process.env.KEY2) {
  await page.selectOption('#sweep-key2', process.env.KEY2);
  await type('#sweep-values2', process.env.VALUES2);
}
if (process.env.WORKERS) await type('#sweep-workers', process.env.WORKERS);
await page.click('#sweep-run');
await page.waitForSelector('.sweep-progress[data-state="done"]', { timeout: 600000 });
const p = page.locator('.sweep-progress');
console.log(JSON.stringify({
  done: await p.getAttribute('data-done'), workers: await p.getAttribute('data-workers'),
  elapsed_ms: await p.getAttribute('data-elapsed-ms'), first_ms: await p.getAttribute('data-first-ms'),
  message_events: await p.getAttribute('data-message-events'),
}));
if (process.env.PICK) await page.click(`tr.point[data-point="${process.env.PICK}"]`);
await page.waitForTimeout(500);
await page.locator(process.env.ELEMENT || '#sweep').screenshot({ path: out });
await browser.close();
