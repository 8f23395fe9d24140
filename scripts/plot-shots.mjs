// Screenshots of every plot the page draws, for comparing two builds (playwright-core,
// Debian's Chromium). Usage: node scripts/plot-shots.mjs BASE_URL OUT_DIR PREFIX
// Writes PREFIX-metrics-{dark,light}.png (the live charts 14 s into a run with a crash,
// pointer over the members chart), PREFIX-sweep.png (a two-key sweep's four plots) and the
// plots one by one (PREFIX-sweep-*.png) and their SVG exports (PREFIX-sweep-*.svg, and a PNG of each as rendered).
import { launch } from './chromium.mjs';
import fs from 'fs';

const [base, dir, prefix] = process.argv.slice(2);
const browser = await launch();
const scale = Number(process.env.DPR || 1);
for (const scheme of ['dark', 'light']) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 },
    deviceScaleFactor: scale, colorScheme: scheme });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(base + '/?proto=swim&nodes=16&topo=full&ev=4s.crash.3');
  await page.waitForTimeout(14000);
  await page.keyboard.press('Space');
  const members = page.locator('canvas.chart-canvas.members');
  await members.scrollIntoViewIfNeeded();
  const box = await members.boundingBox();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await page.waitForTimeout(400);
  await page.locator('section.metrics').screenshot({ path: `${dir}/${prefix}-metrics-${scheme}.png` });
  await page.close();
}
const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, deviceScaleFactor: scale,
  colorScheme: 'dark', acceptDownloads: true });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(base + '/?proto=swim&nodes=16&topo=full&ev=4s.crash.3');
await page.waitForSelector('#sweep-run');
const type = async (sel, text) => {
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text, { delay: 30 });
  await page.keyboard.press('Tab');
};
await type('#sweep-values', '1,2,3,4');
await type('#sweep-seeds', '3');
await page.selectOption('#sweep-key2', 'loss');
await type('#sweep-values2', '0,5');
await page.click('#sweep-run');
await page.waitForSelector('.sweep-progress[data-state="done"]', { timeout: 600000 });
await page.click('tr.point[data-point="2"]');
await page.waitForTimeout(500);
await page.locator('#sweep').screenshot({ path: `${dir}/${prefix}-sweep.png` });
for (const stem of ['sweep-tradeoff', 'sweep-latency', 'sweep-load', 'sweep-false-positives']) {
  await page.locator(`.sweep-plot[data-plot="${stem}"]`).screenshot({ path: `${dir}/${prefix}-${stem}.png` });
}
for (const stem of ['sweep-tradeoff', 'sweep-latency', 'sweep-load', 'sweep-false-positives']) {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`.sweep-plot[data-plot="${stem}"] button.export-svg`),
  ]);
  const path = `${dir}/${prefix}-${stem}.svg`;
  await dl.saveAs(path);
  const view = await browser.newPage({ viewport: { width: 720, height: 420 } });
  await view.setContent('<style>body{margin:0}</style>' + fs.readFileSync(path, 'utf8'));
  await view.screenshot({ path: `${dir}/${prefix}-${stem}-svg.png` });
  await view.close();
}
console.log('wrote', dir);
await browser.close();
