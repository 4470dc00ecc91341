// Screenshots of guided scenarios at the default zoom, for looking at the diagram (not a test).
// Usage: node shots.mjs SITE_DIR OUT_DIR
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const [siteDir, out] = process.argv.slice(2);
const server = await serve(siteDir, 0, process.env.BASE ?? '/osi-session/');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
async function shot(name, guided, viewport, scheme = 'light') {
  const context = await browser.newContext({ viewport, colorScheme: scheme });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: guided, exact: true }).click();
  const speed = page.getByLabel('Speed');
  await speed.fill(await speed.getAttribute('max'));
  await page.locator('.session .status', { hasText: 'ended' }).waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  const box = page.locator('.diagram');
  await box.scrollIntoViewIfNeeded();
  await box.screenshot({ path: `${out}/${name}.png` });
  await context.close();
}
const guided = process.argv[4] ? [process.argv[4]] : null;
for (const [name, g, vp] of [
  ['banking', 'Banking login and logout', { width: 1280, height: 1000 }],
  ['kill', 'Kill a session', { width: 1280, height: 1000 }],
  ['transfer-390', 'File transfer: break and resume', { width: 390, height: 900 }],
  ['chat', 'Half-duplex conversation', { width: 1280, height: 1000 }],
]) {
  try { await shot(name, g, vp); console.log('ok', name); } catch (e) { console.log('FAIL', name, e.message.split('\n')[0]); }
}
await browser.close();
server.close();
