// Takes a screenshot of the playground in Debian's headless Chromium (playwright-core, no
// browser download). Usage: node scripts/screenshot.mjs URL OUT.png [WAIT_MS] [SELECT_ID]
// WIDTH and HEIGHT set the window (1440 x 1100 unless told); VIEWPORT=1 shoots the window only.
// SELECT_ID, if given, types that id into the node picker before the screenshot; with WHY=M in
// the environment it then pauses and opens the why panel for member M.
import { launch } from './chromium.mjs';

const [url, out, wait = '5000', select] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(process.env.WIDTH || 1440), height: Number(process.env.HEIGHT || 1100) }, deviceScaleFactor: 1,
  colorScheme: process.env.SCHEME || 'dark' });
page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(url);
if (select !== undefined) {
  await page.waitForSelector('.pick input');
  await page.fill('.pick input', select);
  await page.press('.pick input', 'Enter');
  await page.locator('.pick input').blur();
}
// PRESS=key: press it once the page is up (PRESS=Space plays a paused lesson).
if (process.env.PRESS) {
  await page.waitForSelector('canvas.cluster');
  await page.keyboard.press(process.env.PRESS);
}
await page.waitForTimeout(Number(wait));
// WHY=member: pause, then ask why the selected node believes what it does about that member.
if (process.env.WHY !== undefined) {
  await page.keyboard.press('Space');
  await page.click(`tr[data-member="${process.env.WHY}"] button.why`);
  await page.waitForSelector('.why-panel svg');
  await page.waitForTimeout(300);
}
// ELEMENT=css: only that element (e.g. ELEMENT=.why-panel).
if (process.env.ELEMENT) {
  await page.locator(process.env.ELEMENT).screenshot({ path: out });
} else {
  await page.screenshot({ path: out, fullPage: !process.env.VIEWPORT });
}
console.log('wrote', out, 'at', await page.locator('.clock').textContent());
await browser.close();
