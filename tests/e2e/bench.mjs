// Browser benchmark for scripts/bench (row 6): the release site, served on 127.0.0.1 under
// /osi-session/ (serve.mjs), in Debian's headless Chromium driven by playwright-core.
// Measures: navigation to the first usable page; navigation (a run in the URL fragment) to its
// timeline drawn and the session ended, for ~100 and ~10,000 SPDUs; the re-render after "Zoom in";
// frame times (requestAnimationFrame timestamps in the page) while the Time slider is moved step
// by step through the 10,000-SPDU run; the diagram drawn from nothing when its session is selected;
// "Break transfer" on a long run paused halfway; two timelines side by side ("Compare with
// TCP/IP today") drawn from the table, against one; navigation to a usable page on a throttled
// connection (about 1.6 Mbit/s down, 150 ms round trip, CPU 4x slower), the site served gzip and
// brotli as a static host would. Finds things by accessible name only.
// Drawing and zooming are timed once the page is quiet (no look ahead still running), each as
// click to the next frame and as the main thread's work for it (script, style, layout).
// Prints one JSON object; fails (exit 1) only if the page does not work, never on a timing.
// Usage: node bench.mjs SITE_DIR [--quick]
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const [siteDir, ...rest] = process.argv.slice(2);
if (!siteDir) { console.error('usage: node bench.mjs SITE_DIR [--quick]'); process.exit(2); }
const quick = rest.includes('--quick');
const REPEATS = quick ? 1 : 5;
const STEPS = quick ? 30 : 300;

const server = await serve(siteDir, 0, '/osi-session/');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
});

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

/**
 * Milliseconds from a click on the element of `target` (a locator or an element handle) to
 * the next frame (its rendering done); with `settle`, it returns only after two more frames.
 */
function clickToNextFrame(target, settle = false) {
  return target.evaluate(async (element, settle) => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
    const t = performance.now();
    element.click();
    await frame();
    const ms = performance.now() - t;
    if (settle) {
      await frame();
      await frame();
    }
    return ms;
  }, settle);
}

/**
 * The main thread's work so far on `page`, in ms (script, style and layout, from Chromium's
 * Performance metrics), as a function to call again.
 */
async function mainThreadWork(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
    return 1000 * (m.ScriptDuration + m.RecalcStyleDuration + m.LayoutDuration);
  };
}

/**
 * Waits until the page has stopped working on its own: under 2 ms of main-thread work in
 * 250 ms (at most a minute). A session can end on the page while the look ahead for the run's
 * end (src/ui/model.rs) still runs between frames; a timing taken then would count some of it.
 */
async function quiet(busy) {
  let last = await busy();
  for (let i = 0; i < 240; i++) {
    await new Promise((ok) => setTimeout(ok, 250));
    const now = await busy();
    if (now - last < 2) return;
    last = now;
  }
  throw new Error('the page did not stop working within a minute');
}

/**
 * A click on `target` once the page is quiet: the ms to the next frame, and the main thread's
 * work for it (`busy`, from [`mainThreadWork`]) up to two frames on, which leaves out the wait
 * for the display's next refresh that the first includes.
 */
async function timedClick(target, busy) {
  await quiet(busy);
  const before = await busy();
  const ms = await clickToNextFrame(target, true);
  return { ms, work: await busy() - before };
}

/** A fresh page; any page error fails the benchmark. */
async function withPage(body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const result = await body(page);
    if (errors.length) throw new Error(`page error: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

// A transfer of `size` octets with one break at 60% of it, drawn with the same kinds of
// shapes at both sizes: confirmed sync points, the break and the resume from one of them.
// The large run (20,000,000 octets: about 10,000 SPDUs) has a sync point every 262,144
// octets on a 20 ms link; the small one (120,000: about 100) every 24,576 on a 2 ms link,
// so that it too has points confirmed before its break (at 20 ms it would send its 72,000
// octets before the first confirmation came back, and restart from byte 0).
function transfer(name, size) {
  const small = size < 1_000_000;
  return {
    name, seed: 3, link: { latency_us: small ? 2000 : 20000, bandwidth: 10_000_000 },
    sessions: [{ app: { file_transfer: { size, chunk: 2048, minor_every: small ? 24576 : 262144, major_every: 0 } } }],
    actions: [{ session: 0, do: { break_at_byte: size * 0.6 } }],
  };
}

// 1. Navigation to the first usable page: the "Start session" button visible and enabled.
async function firstUsable() {
  return withPage(async (page) => {
    const t0 = performance.now();
    await page.goto(server.url);
    const start = page.getByRole('button', { name: 'Start session', exact: true });
    await start.waitFor({ state: 'visible' });
    await page.waitForFunction((b) => !b.disabled, await start.elementHandle());
    return performance.now() - t0;
  });
}

// 1b. The same on a slow connection and a slow machine, as a first visit from a phone would be:
// Chromium's network emulation (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip) and CPU
// throttling (4x), with the site served compressed (`encoding`: gzip or br) and cacheable for
// ten minutes, as a static host serves it (GitHub Pages: gzip, max-age=600). Also the octets
// that crossed the network (encoded), from Chromium's own count.
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
async function throttledUsable(encoding) {
  const host = await serve(siteDir, 0, '/osi-session/', { encoding, maxAge: 600 });
  try {
    return await withPage(async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', THROTTLE);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      let octets = 0;
      cdp.on('Network.loadingFinished', (e) => { octets += e.encodedDataLength; });
      const encodings = new Map();
      page.on('response', (r) => encodings.set(r.url().split('/').pop(), r.headers()['content-encoding']));
      const t0 = performance.now();
      await page.goto(host.url);
      const start = page.getByRole('button', { name: 'Start session', exact: true });
      await start.waitFor({ state: 'visible', timeout: 120000 });
      await page.waitForFunction((b) => !b.disabled, await start.elementHandle(), { timeout: 120000 });
      const ms = performance.now() - t0;
      const wasm = [...encodings].find(([name]) => name.endsWith('.wasm'));
      if (!wasm || wasm[1] !== encoding) throw new Error(`the wasm was not served ${encoding}: ${wasm}`);
      return { ms, octets };
    });
  } finally {
    host.close();
  }
}

// 2. A run from the URL fragment: navigation until the timeline has its arrows and the session
// has ended (the run plays at the fastest Speed, set as soon as the slider is there); then the
// re-render after "Zoom in" (click to the next frame).
async function timeline(scenario, scrubbing) {
  return withPage(async (page) => {
    const url = server.url + '#run=' + Buffer.from(JSON.stringify(scenario)).toString('base64url');
    const t0 = performance.now();
    await page.goto(url);
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.fill(await speed.getAttribute('max'));
    const speedWords = await speed.getAttribute('aria-valuetext');
    const svg = page.getByLabel(/^Timeline of session 0/);
    await page.getByText(/^ended:/).first().waitFor({ timeout: 120000 });
    // Its arrows: each SPDU arrow is a button (named by its tooltip) inside the image.
    await svg.getByRole('button').first().waitFor();
    const renderMs = performance.now() - t0;
    const status = await page.getByText(/^ended:/).first().textContent();
    const arrows = await svg.getByRole('button').count();
    const resumes = await svg.locator('g.resume:not(.spdu)').count();
    const note = await page.getByText(/arrows drawn for \d+ SPDUs/).textContent().catch(() => null);
    const spdus = note ? Number(note.match(/for (\d+) SPDUs/)[1]) : arrows;
    // Every timing below waits for the page to be quiet first.
    const busy = await mainThreadWork(page);
    await quiet(busy);
    // Drawing the diagram from nothing: show the table, then time the way back to the
    // diagram (click to the next frame), three times; the median.
    const toggle = page.getByRole('button', { name: 'Timeline as table', exact: true });
    const draws = [];
    for (let i = 0; i < 3; i++) {
      await toggle.click();
      await page.locator('.timeline-table').waitFor();
      draws.push(await timedClick(toggle, busy));
      await svg.waitFor();
    }
    const drawMs = median(draws.map((d) => d.ms));
    const drawWorkMs = median(draws.map((d) => d.work));
    // The re-render after "Zoom in", three times with "Zoom out" between (each from zoom 1):
    // click to the next frame, which waits for the display's next refresh as well; and the
    // main thread's work for it, without that wait (script, style and layout, from
    // Chromium's Performance metrics, up to two frames on: with the margin drawn after the
    // first frame). The medians.
    // (Element handles, found once: finding a button by its name again would be work too.)
    const zoomIn = await page.getByRole('button', { name: 'Zoom in', exact: true }).elementHandle();
    const zoomOut = await page.getByRole('button', { name: 'Zoom out', exact: true }).elementHandle();
    const zooms = [];
    for (let i = 0; i < 3; i++) {
      zooms.push(await timedClick(zoomIn, busy));
      await clickToNextFrame(zoomOut, true);
    }
    const zoomMs = median(zooms.map((z) => z.ms));
    const zoomWorkMs = median(zooms.map((z) => z.work));
    let scrub = null;
    if (scrubbing) {
      // Moves the Time slider from 0 to its end in STEPS steps, one step per frame, and keeps
      // the time between consecutive requestAnimationFrame callbacks.
      const slider = page.getByRole('slider', { name: 'Time' });
      const frames = await slider.evaluate(async (el, steps) => {
        const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
        const frame = () => new Promise((ok) => requestAnimationFrame(ok));
        const max = Number(el.max);
        const times = [];
        let last = await frame();
        for (let i = 0; i <= steps; i++) {
          set.call(el, (max * i / steps).toFixed(3));
          el.dispatchEvent(new InputEvent('input', { bubbles: true }));
          const now = await frame();
          times.push(now - last);
          last = now;
        }
        return times;
      }, STEPS);
      scrub = { steps: STEPS, frames: frames.length, median_ms: median(frames), worst_ms: Math.max(...frames) };
    }
    return { renderMs, drawMs, drawWorkMs, zoomMs, zoomWorkMs, arrows, resumes, spdus, status, scrub, speed: speedWords };
  });
}

// 3. Drawing the diagram from nothing when a session is selected: the run's transfer and a
// one-call RPC session beside it; with the RPC session's small timeline shown, the click on the
// transfer's name to the next frame, three times; the median. (The table-to-diagram toggle of
// step 2 also removes the table's page of rows, which this leaves out.)
async function select(scenario) {
  return withPage(async (page) => {
    scenario.sessions.push({ app: { rpc: { calls: 1 } } });
    await page.goto(server.url + '#run=' + Buffer.from(JSON.stringify(scenario)).toString('base64url'));
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.fill(await speed.getAttribute('max'));
    await page.waitForFunction(() => [...document.querySelectorAll('.session .status')]
      .filter((e) => e.textContent.startsWith('ended:')).length === 2, null, { timeout: 120000 });
    const names = page.getByRole('list', { name: 'Sessions' }).locator('.session-name');
    const busy = await mainThreadWork(page);
    const draws = [];
    for (let i = 0; i < 3; i++) {
      await names.nth(1).click();
      await page.getByLabel(/^Timeline of session 1/).waitFor();
      draws.push(await timedClick(names.nth(0), busy));
      await page.getByLabel(/^Timeline of session 0/).waitFor();
    }
    return { ms: median(draws.map((d) => d.ms)), work: median(draws.map((d) => d.work)) };
  });
}

// 4. A user action on a long run: the 20 MB transfer played at 1x and paused halfway, then
// "Break transfer", click to the next frame.
async function breakHalfway() {
  return withPage(async (page) => {
    const scenario = transfer('act', 20_000_000);
    scenario.actions = [];
    await page.goto(server.url + '#run=' + Buffer.from(JSON.stringify(scenario)).toString('base64url'));
    await page.waitForFunction(() => {
      const p = document.querySelector('progress');
      return p && p.value > p.max / 2;
    }, null, { timeout: 120000, polling: 50 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
    const button = page.getByRole('button', { name: 'Break transfer', exact: true });
    const ms = await clickToNextFrame(button);
    await page.getByText(/the user broke the transport connection/).first().waitFor({ state: 'attached' });
    return ms;
  });
}

const usable = [];
for (let i = 0; i < REPEATS; i++) usable.push(await firstUsable());

const throttled = {};
for (const encoding of ['gzip', 'br']) {
  const tries = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) tries.push(await throttledUsable(encoding));
  throttled[encoding] = { ms: median(tries.map((t) => t.ms)), octets: median(tries.map((t) => t.octets)), repeats: tries.length };
}

const runs = {};
let scrub = null;
for (const [key, size] of [['small', 120_000], ['large', 20_000_000]]) {
  const results = [];
  for (let i = 0; i < REPEATS; i++) {
    const r = await timeline(transfer(key, size), key === 'large' && i === 0);
    if (!r.status.includes('released')) throw new Error(`the ${key} run ended "${r.status}", not released`);
    if (r.resumes !== 1) throw new Error(`the ${key} run's timeline draws ${r.resumes} resumes, not 1`);
    if (r.scrub) scrub = r.scrub;
    results.push(r);
  }
  runs[key] = {
    spdus: results[0].spdus, arrows: results[0].arrows, speed: results[0].speed,
    render_ms: median(results.map((r) => r.renderMs)), draw_ms: median(results.map((r) => r.drawMs)),
    draw_work_ms: median(results.map((r) => r.drawWorkMs)),
    zoom_ms: median(results.map((r) => r.zoomMs)), zoom_work_ms: median(results.map((r) => r.zoomWorkMs)),
  };
  const selects = [];
  for (let i = 0; i < REPEATS; i++) selects.push(await select(transfer(key, size)));
  runs[key].select_ms = median(selects.map((d) => d.ms));
  runs[key].select_work_ms = median(selects.map((d) => d.work));
}

const breaks = [];
for (let i = 0; i < REPEATS; i++) breaks.push(await breakHalfway());

// Issue 21: drawing two timelines side by side ("Compare with TCP/IP today": the run and its
// twin on TCP/IP, one time axis) against one, from the table (click to the next frame, and
// the main thread's work), each three times; the run with its break, played to its end.
async function compareDraw(scenario) {
  return withPage(async (page) => {
    await page.goto(server.url + '#run=' + Buffer.from(JSON.stringify(scenario)).toString('base64url'));
    const speed = page.getByRole('slider', { name: 'Speed' });
    await speed.fill(await speed.getAttribute('max'));
    await page.getByText(/^ended:/).first().waitFor({ timeout: 120000 });
    const busy = await mainThreadWork(page);
    const toggle = page.getByRole('button', { name: 'Timeline as table', exact: true });
    const draws = async () => {
      const out = [];
      for (let i = 0; i < 3; i++) {
        await toggle.click();
        await page.locator('.timeline-table').waitFor();
        out.push(await timedClick(toggle, busy));
        await page.getByLabel(/^Timeline of session 0/).waitFor();
      }
      return out;
    };
    const one = await draws();
    await page.getByRole('button', { name: 'Compare with TCP/IP today' }).click();
    await page.getByText(/^ended:/).nth(1).waitFor({ timeout: 120000 });
    await page.getByLabel(/^Timeline of session 1/).waitFor();
    const two = await draws();
    if (await page.locator('svg.timeline').count() !== 2) throw new Error('not two timelines');
    return { one, two };
  });
}
const compares = [];
for (let i = 0; i < REPEATS; i++) compares.push(await compareDraw(transfer('small', 120_000)));
const all = (k, f) => median(compares.flatMap((c) => c[k].map(f)));
const compare = {
  one_ms: all('one', (d) => d.ms), two_ms: all('two', (d) => d.ms),
  one_work_ms: all('one', (d) => d.work), two_work_ms: all('two', (d) => d.work),
};

console.log(JSON.stringify({
  chromium: browser.version(), repeats: REPEATS, first_usable_ms: median(usable), runs, scrub,
  throttled: { ...throttled, network: THROTTLE, cpu_slowdown: 4 },
  break_halfway_ms: median(breaks), compare,
}));
await browser.close();
server.close();
process.exit(0);
