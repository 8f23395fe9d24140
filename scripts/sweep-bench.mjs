// Page sweep benchmark (playwright-core, Debian's Chromium): the same sweep run with 1 worker
// and with W workers (default: navigator.hardwareConcurrency), alternately, ROUNDS times each;
// a first (cold) sweep is run and reported apart; prints runs/s, message events/s, the time to the first drawn result, the frame intervals of
// the page (its own run animating) while the sweep runs, and the W-worker/1-worker ratio.
// Usage: node scripts/sweep-bench.mjs BASE_URL [ROUNDS]
// (serve dist/ first: python3 -m http.server 8765 --bind 127.0.0.1 --directory dist)
import { launch } from './chromium.mjs';

const [base, rounds = '3'] = process.argv.slice(2);
const QUERY = 'proto=swim&nodes=64&topo=full&loss=5';
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(`${base}/?${QUERY}`);
await page.waitForSelector('#sweep-run');
const cores = await page.evaluate(() => navigator.hardwareConcurrency);
const type = async (sel, text) => {
  await page.click(sel, { clickCount: 3 });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
};
await type('#sweep-values', '0..3');
await type('#sweep-seeds', '40');

async function sweep(workers) {
  await type('#sweep-workers', String(workers));
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 100000) window.__raf = requestAnimationFrame(tick); };
    window.__raf = requestAnimationFrame(tick);
  });
  await page.click('#sweep-run');
  await page.waitForSelector('.sweep-progress[data-state="done"]', { timeout: 600000 });
  const frames = await page.evaluate(() => { cancelAnimationFrame(window.__raf); return window.__frames; });
  const p = page.locator('.sweep-progress');
  const get = async (k) => Number(await p.getAttribute(k));
  const runs = await get('data-done'), ms = await get('data-elapsed-ms');
  frames.sort((a, b) => a - b);
  const q = (x) => frames[Math.min(frames.length - 1, Math.floor(x * frames.length))];
  return { workers, runs, ms, runs_per_s: runs / ms * 1000, msg_events_per_s: await get('data-message-events') / ms * 1000,
    first_ms: await get('data-first-ms'), frame_p50_ms: q(0.5), frame_p95_ms: q(0.95) };
}

const w = Number(process.env.WORKERS || cores);
// The first sweep after the page loads (workers spawned, their module compiled): not counted in
// the ratios, but its time to the first drawn result is the cold-start figure.
console.log(JSON.stringify({ cold: await sweep(w) }));
const results = [];
for (let i = 0; i < Number(rounds); i++) {
  for (const n of [1, w]) {
    const r = await sweep(n);
    results.push(r);
    console.log(JSON.stringify(r));
  }
}
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const one = med(results.filter((r) => r.workers === 1).map((r) => r.runs_per_s));
const many = med(results.filter((r) => r.workers === w).map((r) => r.runs_per_s));
const ratios = [];
for (let i = 0; i + 1 < results.length; i += 2) ratios.push(results[i + 1].runs_per_s / (w * results[i].runs_per_s));
console.log(JSON.stringify({ cores, workers: w, one_worker_runs_per_s: one, w_workers_runs_per_s: many,
  ratio_to_w_times_one: many / (w * one), pairwise_ratios: ratios }));
await browser.close();
