// Where the page's thread spends its time while a person types at the member limit: opens
// the page on QUERY in Debian's headless Chromium (playwright-core), waits for the run to
// start, records a CPU profile (Chrome DevTools Protocol) while typing VALUE into ctl-KEY one
// key at a time, and prints the functions with the most time (self, and total: self plus
// callees), by name. Build with names kept for readable output (a build whose .wasm keeps its
// name section: trunk's `data-keep-debug`, `data-wasm-opt="0"`).
// Usage: node scripts/profile-typing.mjs BASE_URL [QUERY] [KEY] [VALUE] [PAUSE_MS] [TOP]
// TRACE=out.json also records a trace of the browser's own work (style, layout, paint, commit),
// PROFILE=out.json keeps the raw CPU profile (both open in Chromium's performance panel).
import { launch, typeIntoSetting } from './chromium.mjs';

const [base, query = 'proto=swim&nodes=10000&topo=full', key = 'loss', value = '15',
  pause = '400', top = '40'] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(`${base}/?${query}`);
await page.waitForSelector(`#ctl-${key}`, { timeout: 600000 });
await page.waitForFunction(() => !document.querySelector('p.starting'), null, { timeout: 600000 });
await page.waitForTimeout(3000);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
if (process.env.TRACE) await browser.startTracing(page, { path: process.env.TRACE, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await typeIntoSetting(page, key, value, pause);
if (process.env.TRACE) await browser.stopTracing();
const { profile } = await cdp.send('Profiler.stop');
if (process.env.PROFILE) (await import('fs')).writeFileSync(process.env.PROFILE, JSON.stringify(profile));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i + 1] || 0)));
const self = new Map(); const total = new Map();
for (const [id, us] of dt) {
  const name = (n) => n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
  self.set(name(byId.get(id)), (self.get(name(byId.get(id))) || 0) + us);
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const nm = name(byId.get(x));
    if (!seen.has(nm)) { seen.add(nm); total.set(nm, (total.get(nm) || 0) + us); }
  }
}
const all = [...dt.values()].reduce((a, b) => a + b, 0);
const show = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(top))
  .map(([n, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${n.slice(0, 150)}`).join('\n');
console.log(`profiled ${(all / 1000).toFixed(0)} ms\n== self ==\n${show(self)}\n== total ==\n${show(total)}`);
await browser.close();
