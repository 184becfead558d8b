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
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { type Browser, type CDPSession, chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { signedInRequest, signIn } from '../e2e/support/accounts';
import globalSetup from '../e2e/support/global-setup';
import { DIST_DIR_VARIABLE, type Stack, startStack } from '../e2e/support/stack';
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

/*
 * BENCH_BROWSER_DETAIL=1: where each key's time goes. Installed before the page's
 * own scripts (addInitScript), every WebSocket stamps its outgoing document
 * updates (sync message 0, update 2) and the start of each incoming one's
 * message event, before the provider's own handler. Per key: A's keydown to
 * A's send (the writer's editor), A's send to B's message event (server, network
 * and any wait in B's task queue), B's message event to the character in B's
 * DOM (the reader's editor).
 */
const STAMP_SOCKETS = `(() => {
  window.__sends = [];
  window.__recvs = [];
  window.__lastRecv = 0;
  const isUpdate = (data) => {
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
    return bytes !== null && bytes.length > 1 && bytes[0] === 0 && bytes[1] === 2;
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (isUpdate(data)) window.__sends.push(performance.timeOrigin + performance.now());
    return send.call(this, data);
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (isUpdate(event.data)) window.__recvs.push(performance.timeOrigin + performance.now());
      });
    }
  };
})()`;

/*
 * React's production build reports every commit to a DevTools hook when one
 * exists: this stand-in counts them (BENCH_BROWSER_DETAIL), so the renders per
 * remote keystroke can be read off (React Profiler needs a profiling build).
 */
const COUNT_COMMITS = `(() => {
  window.__commits = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    checkDCE: () => {},
    onScheduleFiberRoot: () => {},
    onCommitFiberRoot: () => { window.__commits++; },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
  };
})()`;

export interface KeyDetail {
  /** keydown → the update leaves page A (ms). */
  writer: number;
  /** A's send → B's message event starts (ms). */
  transit: number;
  /** Of the transit: the browser's network layer sent the frame (A) → received it (B): the server and the wire (ms). */
  server: number;
  /** Of the transit: B's network layer had the frame → B's message event began: B's main thread busy with other work (ms). */
  readerWait: number;
  /** B's message event → the character in B's DOM (ms). */
  reader: number;
}

export interface RunDetail {
  keys: KeyDetail[];
  /** React commits during the keystrokes, on each page (0 on the bare page, which has no React). */
  commits: { writer: number; reader: number }[];
}

/** What one run records besides the latencies (BENCH_BROWSER_DETAIL, BENCH_BROWSER_PROFILE). */
interface Extras {
  detail?: RunDetail;
  /** Writes A's and B's CPU profiles during the keystrokes to `${profile}-writer.cpuprofile` / `-reader`. */
  profile?: string;
  /** Writes a Chrome trace of page B (devtools timeline: tasks, style, layout) to `${trace}-reader.json`. */
  trace?: string;
}

async function instrument(pages: Page[], extras: Extras): Promise<void> {
  if (!extras.detail) return;
  for (const page of pages) {
    await page.addInitScript(STAMP_SOCKETS);
    await page.addInitScript(COUNT_COMMITS);
  }
}

/**
 * CDP timestamps (the browser's monotonic clock, seconds) of the document
 * updates page sends or receives, as its network layer sees them.
 */
async function watchFrames(
  page: Page,
  direction: 'sent' | 'received',
): Promise<{ times: number[]; session: CDPSession }> {
  const session = await page.context().newCDPSession(page);
  const times: number[] = [];
  const record = (event: { timestamp: number; response: { opcode: number; payloadData: string } }) => {
    if (event.response.opcode !== 2) return;
    const head = Buffer.from(event.response.payloadData.slice(0, 8), 'base64');
    if (head[0] === 0 && head[1] === 2) times.push(event.timestamp);
  };
  if (direction === 'sent') session.on('Network.webSocketFrameSent', record);
  else session.on('Network.webSocketFrameReceived', record);
  await session.send('Network.enable');
  return { times, session };
}

async function startProfile(page: Page): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  return session;
}

async function stopProfile(session: CDPSession, file: string): Promise<void> {
  const { profile } = await session.send('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  await session.detach();
}

async function measure(writer: Page, reader: Page, p: BrowserParams, extras: Extras = {}): Promise<number[]> {
  const details = extras.detail?.keys;
  await reader.evaluate(OBSERVE_ARRIVALS);
  await writer.evaluate(STAMP_KEYS);
  if (details) {
    await writer.evaluate('window.__sends.length = 0');
    await reader.evaluate('window.__recvs.length = 0');
  }
  const prose = writer.locator('[data-testid="editor"] .ProseMirror');
  await prose.click();
  await writer.keyboard.press('Control+End');
  const profiles = extras.profile ? await Promise.all([startProfile(writer), startProfile(reader)]) : null;
  const browser = reader.context().browser();
  if (extras.trace && browser) {
    await browser.startTracing(reader, {
      path: `${extras.trace}-reader.json`,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'],
    });
  }
  const commitsBefore = extras.detail ? await commitCounts(writer, reader) : null;
  const frames = details ? await Promise.all([watchFrames(writer, 'sent'), watchFrames(reader, 'received')]) : null;
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
  if (extras.trace && browser) await browser.stopTracing();
  if (profiles && extras.profile) {
    await stopProfile(profiles[0], `${extras.profile}-writer.cpuprofile`);
    await stopProfile(profiles[1], `${extras.profile}-reader.cpuprofile`);
  }
  if (commitsBefore && extras.detail) {
    const after = await commitCounts(writer, reader);
    extras.detail.commits.push({
      writer: after.writer - commitsBefore.writer,
      reader: after.reader - commitsBefore.reader,
    });
  }
  const sent = await writer.evaluate<number[]>('window.__sent');
  const arrivals = await reader.evaluate<number[]>('window.__arrivals');
  if (details) {
    // One update per key (40 ms apart, nothing batches them); a mismatch would make the split meaningless.
    const sends = await writer.evaluate<number[]>('window.__sends');
    const recvs = await reader.evaluate<number[]>('window.__recvs');
    const [sentFrames, receivedFrames] = frames!.map((watch) => watch.times.map((seconds) => seconds * 1000));
    await Promise.all(frames!.map((watch) => watch.session.detach()));
    const counts = [sends.length, recvs.length, sentFrames!.length, receivedFrames!.length];
    if (counts.every((count) => count === p.keystrokes)) {
      // The pages' clock (timeOrigin + now) against CDP's: A's send() call and its frame leaving are
      // microseconds apart, so the median difference is the offset between the two clocks.
      const offset = percentile(
        sends.map((at, i) => at - sentFrames![i]!).sort((a, b) => a - b),
        50,
      );
      for (let i = 0; i < p.keystrokes; i++) {
        details.push({
          writer: sends[i]! - sent[i]!,
          transit: recvs[i]! - sends[i]!,
          server: receivedFrames![i]! - sentFrames![i]!,
          readerWait: recvs[i]! - (receivedFrames![i]! + offset),
          reader: arrivals[i]! - recvs[i]!,
        });
      }
    } else {
      process.stderr.write(
        `bench: browser detail skipped: sends, receipts, frames sent, received ${counts.join(', ')}\n`,
      );
    }
  }
  return sent.slice(0, p.keystrokes).map((at, i) => (arrivals[i] as number) - at);
}

async function commitCounts(writer: Page, reader: Page): Promise<{ writer: number; reader: number }> {
  const count = (page: Page) => page.evaluate<number>('window.__commits ?? 0');
  return { writer: await count(writer), reader: await count(reader) };
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

/** The two people of Tandem's runs: accounts on the stack, the writer owns each run's document. */
const WRITER = { name: 'Bench Writer', color: '#1a73e8' };
const READER = { name: 'Bench Reader', color: '#d93025' };

async function tandemRun(stack: Stack, browser: Browser, p: BrowserParams, extras: Extras): Promise<number[]> {
  const { baseURL } = stack;
  const writer = await stack.accounts.ensure(WRITER);
  const reader = await stack.accounts.ensure(READER);
  const owner = await signedInRequest(baseURL, writer);
  let id: string;
  try {
    const created = await owner.post('/api/docs', { data: {} });
    if (created.status() !== 201) throw new Error(`POST /api/docs answered ${created.status()}`);
    id = ((await created.json()) as { id: string }).id;
    const shared = await owner.put(`/api/docs/${id}/members`, { data: { person: reader.email, role: 'editor' } });
    if (shared.status() !== 200) throw new Error(`sharing with the reader answered ${shared.status()}`);
  } finally {
    await owner.dispose();
  }
  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    await signIn(contexts[0]!, baseURL, writer);
    await signIn(contexts[1]!, baseURL, reader);
    const pages = await Promise.all(contexts.map((context) => context.newPage()));
    await instrument(pages, extras);
    for (const page of pages) {
      await page.goto(`${baseURL}/d/${id}`);
      await page.locator('[data-testid="editor"] .ProseMirror').waitFor();
      await page.waitForSelector('[data-testid="connection-status"]:not([data-state="connecting"])');
    }
    return await measure(pages[0]!, pages[1]!, p, extras);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
}

async function bareRun(
  browser: Browser,
  site: string,
  server: string,
  p: BrowserParams,
  extras: Extras,
): Promise<number[]> {
  const room = `bare-${Date.now()}`;
  const pages = await Promise.all([browser.newPage(), browser.newPage()]);
  try {
    await instrument(pages, extras);
    for (const page of pages) {
      await page.goto(`${site}/?server=${encodeURIComponent(server)}&room=${room}`);
      await page.waitForSelector('body[data-synced="true"] .ProseMirror');
    }
    return await measure(pages[0]!, pages[1]!, p, extras);
  } finally {
    await Promise.all(pages.map((page) => page.close()));
  }
}

const fixed = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(1));

/** Runs the scenario; returns its RESULTS.md section. */
export async function browserFeel(params: BrowserParams): Promise<string> {
  // BENCH_BROWSER_RUNS=3: more runs in a quick run (one run's p95 of 100 keys is noisy).
  const runsOverride = Number(process.env.BENCH_BROWSER_RUNS);
  const p = Number.isInteger(runsOverride) && runsOverride > 0 ? { ...params, runs: runsOverride } : params;
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
  type Editor = 'tandem' | 'baseline' | 'bare';
  const runs: Record<Editor, number[][]> = { tandem: [], baseline: [], bare: [] };
  const wantDetail = process.env.BENCH_BROWSER_DETAIL === '1';
  const details: Record<Editor, RunDetail> = {
    tandem: { keys: [], commits: [] },
    baseline: { keys: [], commits: [] },
    bare: { keys: [], commits: [] },
  };
  const profileDir = process.env.BENCH_BROWSER_PROFILE;
  const traceDir = process.env.BENCH_BROWSER_TRACE;
  const extras = (editor: Editor, run: number): Extras => ({
    ...(wantDetail ? { detail: details[editor] } : {}),
    ...(profileDir ? { profile: join(profileDir, `${editor}-${run}`) } : {}),
    ...(traceDir ? { trace: join(traceDir, `${editor}-${run}`) } : {}),
  });
  try {
    for (let run = 0; run < p.runs; run++) {
      const bareFirst = run % 2 === 1;
      const bare = () => bareRun(browser, site.url, ref.endpoint.urls[0]!, p, extras('bare', run));
      if (bareFirst) runs.bare.push(await bare());
      runs.tandem.push(await tandemRun(stack, browser, p, extras('tandem', run)));
      if (baseline) runs.baseline.push(await tandemRun(baseline, browser, p, extras('baseline', run)));
      if (!bareFirst) runs.bare.push(await bare());
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
    ...(wantDetail ? ['', ...detailTable(details, baselineDist)] : []),
  ].join('\n');
}

/** BENCH_BROWSER_DETAIL's table: each leg's p50 / p95 over every key, and React commits per key. */
function detailTable(details: Record<'tandem' | 'baseline' | 'bare', RunDetail>, baselineDist?: string): string[] {
  const legs = (keys: KeyDetail[], leg: keyof KeyDetail) => {
    const sorted = keys.map((key) => key[leg]).sort((a, b) => a - b);
    return `${fixed(percentile(sorted, 50))} / ${fixed(percentile(sorted, 95))}`;
  };
  const perKey = (detail: RunDetail, page: 'writer' | 'reader') => {
    const commits = detail.commits.reduce((sum, run) => sum + run[page], 0);
    return detail.commits.length === 0 ? 'n/a' : (commits / detail.keys.length || 0).toFixed(2);
  };
  const row = (name: string, detail: RunDetail) =>
    `| ${name} | ${legs(detail.keys, 'writer')} | ${legs(detail.keys, 'transit')} | ${legs(detail.keys, 'server')} | ${legs(detail.keys, 'readerWait')} | ${legs(detail.keys, 'reader')} | ${perKey(detail, 'writer')} | ${perKey(detail, 'reader')} |`;
  return [
    'Where the time goes (BENCH_BROWSER_DETAIL=1), p50 / p95 ms of every key: A = writing page, B = reading page.',
    '',
    "| editor | A: keydown → update sent | sent → B's message event | of which frame out of A → frame into B (server, wire) | of which B's frame → B's message event (B busy) | B: message event → character in DOM | React commits per key, A | React commits per key, B |",
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    row("Tandem's editor", details.tandem),
    ...(baselineDist ? [row(`Tandem's editor, build ${baselineDist}`, details.baseline)] : []),
    row('bare TipTap + Collaboration', details.bare),
  ];
}
