/**
 * Browser feel: keystroke to the other person's screen, two Chromium pages.
 * Tandem's full editor (toolbar, presence, status, carets; compiled web app
 * and durable sync server, as the e2e suite runs them) against a bare TipTap +
 * Collaboration page (bench/browser/bare-editor.ts) on the reference server,
 * in the same run, alternating. Page A types one key every `intervalMs`; a
 * keydown listener (capture phase) stamps each key; page B's MutationObserver
 * on the editor (ignoring mutations inside caret labels) stamps when each new
 * character shows. One browser, one clock (timeOrigin + now).
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import globalSetup from '../e2e/support/global-setup';
import { DIST_DIR_VARIABLE, startStack } from '../e2e/support/stack';
import { percentile } from './scenarios';
import { reference } from './targets';

export interface BrowserParams {
  keystrokes: number;
  intervalMs: number;
  /** Runs per editor, alternating Tandem and the bare page. */
  runs: number;
}

const CHROMIUM = '/usr/bin/chromium';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/*
 * The in-page code is plain JavaScript text: functions passed to page.evaluate
 * would carry the __name helper tsx's transform adds, which the page lacks.
 */

/** In page B: stamps the arrival of each new character (text outside caret labels). */
const OBSERVE_ARRIVALS = `(() => {
  window.__arrivals = [];
  const root = document.querySelector('[data-testid="editor"] .ProseMirror');
  const inCaret = (node) => {
    const element = node instanceof Element ? node : node && node.parentElement;
    return element ? element.closest('.collaboration-carets__caret') !== null : false;
  };
  const textLength = () => {
    let length = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!inCaret(node)) length += node.textContent.length;
    }
    return length;
  };
  let seen = textLength();
  new MutationObserver((records) => {
    if (records.every((record) => inCaret(record.target))) return;
    const at = performance.timeOrigin + performance.now();
    const length = textLength();
    for (; seen < length; seen++) window.__arrivals.push(at);
  }).observe(root, { childList: true, subtree: true, characterData: true });
})()`;

/** In page A: stamps each keydown before the editor handles it. */
const STAMP_KEYS = `(() => {
  window.__sent = [];
  // Printable keys only: the Control+End that places the caret is not a keystroke to time.
  document.addEventListener('keydown', (event) => {
    if (event.key.length === 1) window.__sent.push(performance.timeOrigin + performance.now());
  }, true);
})()`;

async function measure(writer: Page, reader: Page, p: BrowserParams): Promise<number[]> {
  await reader.evaluate(OBSERVE_ARRIVALS);
  await writer.evaluate(STAMP_KEYS);
  const prose = writer.locator('[data-testid="editor"] .ProseMirror');
  await prose.click();
  await writer.keyboard.press('Control+End');
  for (let i = 0; i < p.keystrokes; i++) {
    await writer.keyboard.press('k');
    await sleep(p.intervalMs);
  }
  const deadline = Date.now() + 15_000;
  for (;;) {
    const arrived = await reader.evaluate<number>('window.__arrivals.length');
    if (arrived >= p.keystrokes) break;
    if (Date.now() > deadline) throw new Error(`only ${arrived} of ${p.keystrokes} keystrokes arrived`);
    await sleep(100);
  }
  const sent = await writer.evaluate<number[]>('window.__sent');
  const arrivals = await reader.evaluate<number[]>('window.__arrivals');
  return sent.slice(0, p.keystrokes).map((at, i) => (arrivals[i] as number) - at);
}

/** Serves the bare page and its bundle. */
async function bareSite(): Promise<{ url: string; server: Server }> {
  const bundle = await build({
    entryPoints: [join(import.meta.dirname, 'browser', 'bare-editor.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const script = bundle.outputFiles[0]!.contents;
  const html =
    '<!doctype html><meta charset="utf-8"><title>bare</title><body><script type="module" src="/bare.js"></script>';
  const server = createServer((req, res) => {
    if (req.url === '/bare.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server };
}

async function tandemRun(browser: Browser, baseURL: string, p: BrowserParams): Promise<number[]> {
  const created = await fetch(`${baseURL}/api/docs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (created.status !== 201) throw new Error(`POST /api/docs answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  const pages = await Promise.all([browser.newPage(), browser.newPage()]);
  try {
    for (const page of pages) {
      await page.goto(`${baseURL}/d/${id}`);
      await page.locator('[data-testid="editor"] .ProseMirror').waitFor();
      await page.waitForSelector('[data-testid="connection-status"]:not([data-state="connecting"])');
    }
    return await measure(pages[0]!, pages[1]!, p);
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

async function bareRun(browser: Browser, site: string, server: string, p: BrowserParams): Promise<number[]> {
  const room = `bare-${Date.now()}`;
  const pages = await Promise.all([browser.newPage(), browser.newPage()]);
  try {
    for (const page of pages) {
      await page.goto(`${site}/?server=${encodeURIComponent(server)}&room=${room}`);
      await page.waitForSelector('body[data-synced="true"] .ProseMirror');
    }
    return await measure(pages[0]!, pages[1]!, p);
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

const fixed = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(1));

/** Runs the scenario; returns its RESULTS.md section. */
export async function browserFeel(p: BrowserParams): Promise<string> {
  // The e2e build of the web app (reused when its sources are unchanged); BENCH_WEB_DIST
  // serves another build instead (e.g. one made before a change, to compare).
  if (process.env.BENCH_WEB_DIST) process.env[DIST_DIR_VARIABLE] = process.env.BENCH_WEB_DIST;
  else await globalSetup();
  const stack = await startStack();
  // BENCH_WEB_BASELINE: also a build of other sources (e.g. before a change), in the same run.
  const baselineDist = process.env.BENCH_WEB_BASELINE;
  const current = process.env[DIST_DIR_VARIABLE];
  if (baselineDist) process.env[DIST_DIR_VARIABLE] = baselineDist;
  const baseline = baselineDist ? await startStack() : null;
  process.env[DIST_DIR_VARIABLE] = current;
  const ref = await reference.start();
  const site = await bareSite();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      // Two pages of one headless browser: neither may be throttled as a background tab, or the
      // reader's socket and DOM updates wait for the throttled timers (100+ ms instead of ~10).
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const runs: { tandem: number[][]; baseline: number[][]; bare: number[][] } = { tandem: [], baseline: [], bare: [] };
  try {
    for (let run = 0; run < p.runs; run++) {
      const bareFirst = run % 2 === 1;
      if (bareFirst) runs.bare.push(await bareRun(browser, site.url, ref.endpoint.urls[0]!, p));
      runs.tandem.push(await tandemRun(browser, stack.baseURL, p));
      if (baseline) runs.baseline.push(await tandemRun(browser, baseline.baseURL, p));
      if (!bareFirst) runs.bare.push(await bareRun(browser, site.url, ref.endpoint.urls[0]!, p));
    }
  } finally {
    await browser.close();
    site.server.close();
    await ref.stop();
    await stack.dispose();
    await baseline?.dispose();
  }
  const row = (name: string, all: number[][]) => {
    const per = all.map((latencies) => [...latencies].sort((a, b) => a - b));
    const pooled = per.flat().sort((a, b) => a - b);
    return `| ${name} | ${per.map((s) => fixed(percentile(s, 50))).join(' / ')} | ${per.map((s) => fixed(percentile(s, 95))).join(' / ')} | ${fixed(percentile(pooled, 50))} | ${fixed(percentile(pooled, 95))} |`;
  };
  const pooled95 = (all: number[][]) =>
    percentile(
      all.flat().sort((a, b) => a - b),
      95,
    );
  return [
    '### Browser feel',
    '',
    `Two Chromium pages (${CHROMIUM}, one browser); page A types ${p.keystrokes} keys ${p.intervalMs} ms apart; latency from A's keydown to the character on B's screen (MutationObserver, caret labels ignored). ${p.runs} run(s) per editor, alternating.`,
    '',
    '| editor | p50 ms per run | p95 ms per run | p50 ms pooled | p95 ms pooled |',
    '| --- | --- | --- | --- | --- |',
    row("Tandem's editor (toolbar, presence, status; durable SQLite server)", runs.tandem),
    ...(baseline ? [row(`Tandem's editor, build ${baselineDist} (BENCH_WEB_BASELINE)`, runs.baseline)] : []),
    row('bare TipTap + Collaboration on the reference server', runs.bare),
    '',
    `Tandem p95 / bare p95: ${(pooled95(runs.tandem) / pooled95(runs.bare)).toFixed(2)}×.`,
  ].join('\n');
}
