import { chromium } from '/work/main/tests/browser/node_modules/playwright-core/index.mjs';
import { mkdtempSync } from 'node:fs';
const [,, url, out, w = '1400', hgt = '900', click] = process.argv;
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/chr-'), { executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'], viewport: { width: +w, height: +hgt } });
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url); await page.waitForTimeout(1200);
if (click) { await page.click(click); await page.waitForTimeout(500); }
await page.screenshot({ path: out });
await ctx.close();
