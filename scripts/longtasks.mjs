// Responsiveness at the member limits, in Debian's headless Chromium (playwright-core): opens
// the page on QUERY, waits until the run is started (the clock past 0), then types VALUE into
// the field ctl-KEY one key at a time with a pause after each, as a person does, and reports
// every task over 50 ms on the page's thread (PerformanceObserver 'longtask') during start-up
// and during the typing. Prints one JSON object.
// Usage: node scripts/longtasks.mjs BASE_URL [QUERY] [KEY] [VALUE] [PAUSE_MS]
// (serve dist/ first: python3 -m http.server 8765 --bind 127.0.0.1 --directory dist)
import { launch, typeIntoSetting } from './chromium.mjs';

const [base, query = 'proto=swim&nodes=10000&topo=full', key = 'loss', value = '15',
  pause = '400'] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.addInitScript(() => {
  window.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) window.__long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
});
const t0 = Date.now();
await page.goto(`${base}/?${query}`);
const sim = () => page.evaluate(() => document.querySelector('.clock, .sim-time, [data-now]')?.textContent ?? '');
await page.waitForSelector(`#ctl-${key}`, { timeout: 600000 });
const shown = Date.now() - t0;
// Started: the canvas is drawn and the starting notice is gone.
await page.waitForFunction(() => !document.querySelector('p.starting'), null, { timeout: 600000 });
const started = Date.now() - t0;
await page.waitForTimeout(3000);
const before = await page.evaluate(() => performance.now());
const workFrom = await page.evaluate(() => (window.__gpWork || []).length);
await typeIntoSetting(page, key, value, pause);
const after = await page.evaluate(() => performance.now());
const long = await page.evaluate(() => window.__long);
const during = long.filter(([s]) => s >= before && s <= after).map(([, d]) => Math.round(d));
const startup = long.filter(([s]) => s < before).map(([, d]) => Math.round(d));
const got = await page.locator(`#ctl-${key}`).inputValue();
// The page's own account of its frames while typing (window.__gpWork, see src/browser.rs).
const work = await page.evaluate((from) => (window.__gpWork || []).slice(from), workFrom);
const stat = (xs) => { const v = xs.slice().sort((a, b) => a - b); const q = (p) => v.length ? Math.round(10 * v[Math.min(v.length - 1, Math.floor(p * v.length))]) / 10 : 0; return { n: v.length, p50: q(0.5), p95: q(0.95), max: q(1) }; };
const frames = work.filter((e) => e[0] === 'frame');
const renders = work.filter((e) => e[0] === 'render');
const commands = work.filter((e) => e[0] === 'command');
console.log(JSON.stringify({
  query, key, typed: value, field_shows: got, page_shown_ms: shown, started_ms: started,
  typing_window_ms: Math.round(after - before),
  long_tasks_while_typing: during.length, longest_while_typing_ms: Math.max(0, ...during),
  while_typing_ms: during,
  frame_sim_ms: stat(frames.map((e) => e[1])), frame_draw_ms: stat(frames.map((e) => e[2])),
  render_ms: stat(renders.map((e) => e[1])), view_ms: stat(renders.map((e) => e[2])), command_ms: stat(commands.map((e) => e[1])),
  long_task_contents: long.filter(([s]) => s >= before && s <= after).map(([s, d]) => ({ at: Math.round(s), ms: Math.round(d), work: work.filter((e) => e[e.length - 1] >= s && e[e.length - 1] <= s + d).map((e) => e.slice(0, -1).map((x) => typeof x === 'number' ? Math.round(x * 10) / 10 : x)) })),
  long_tasks_at_startup: startup.length, longest_at_startup_ms: Math.max(0, ...startup),
}));
await browser.close();
