// Page tune benchmark (playwright-core, Debian's Chromium): opens the page with a tune
// question's link (docs/guide.md, "Tune"), presses Answer, and prints how long the page took to
// answer it, with the runs, rounds and workers, the recommended point and the answer sentence;
// OUT.png, if given, is a screenshot of the panel with its answer.
// Usage: node scripts/tune-bench.mjs BASE_URL [OUT.png]
// (serve dist/ first: python3 -m http.server 8765 --bind 127.0.0.1 --directory dist)
import { launch } from './chromium.mjs';

const [base, out] = process.argv.slice(2);
// The question of issue 20: 256 SWIM members with recurring pauses and crashes, three keys.
const QUESTION = [
  ['tune.base', 'proto=swim&profile=lan&nodes=256&ev=10s.every.20s~60s.pause.?.2s~20s,10s.every.4s~8s.crash.?.30s'],
  ['tune.vary', 'n=3..6'], ['tune.vary', 'lifeguard=off,on'], ['tune.vary', 'k=1,3'],
  ['tune.goal', 'all_dead_p95<=20s'], ['tune.goal', 'false_deaths_of_healthy_per_member_day<=10'],
  ['tune.minimize', 'bytes_per_member_s'], ['tune.seeds', '4'], ['tune.until', '300s'],
];
const fragment = new URLSearchParams(QUESTION).toString();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1440, height: 1100 }, colorScheme: process.env.SCHEME || 'dark' });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
// The page's own run stays the small welcome-sized one, animating as it would for a person.
await page.goto(`${base}/?proto=swim&nodes=8#${fragment}`);
await page.waitForSelector('#tune[open] #tune-run');
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const t0 = Date.now();
await page.click('#tune-run');
await page.waitForSelector('.tune-progress[data-state="done"]', { timeout: 600000 });
const wall = (Date.now() - t0) / 1000;
const progress = await page.textContent('.tune-progress');
const answer = await page.textContent('.tune-answer-text');
const recommended = await page.getAttribute('#tune-answer', 'data-recommended');
console.log(`cores ${cores}; answered in ${wall.toFixed(1)} s (wall, Run to done)`);
console.log(`progress: ${progress.trim()}`);
console.log(`recommended point: ${recommended}`);
console.log(`answer: ${answer}`);
if (out) {
  await page.locator('#tune').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await page.locator('#tune').screenshot({ path: out });
}
await browser.close();
