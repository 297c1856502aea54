// Starts the real binary on a free port and a headless Chromium, and opens
// pages that record console errors and failed requests.

import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.CHRONOMAP_BIN ?? path.resolve(here, '../../bin/chronomap');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base, proc, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`chronomap exited with ${proc.exitCode}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`chronomap did not become healthy at ${base}`);
}

/** Starts chronomap alone, with extra flags (e.g. --data); returns { base, stop }. */
export async function startServer(args = [], { timeoutMs = 15000 } = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['--addr', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  try {
    await waitHealthy(base, proc, timeoutMs);
  } catch (err) {
    proc.kill();
    throw new Error(`${err.message}\n${stderr}`);
  }
  return { base, stop: () => proc.kill('SIGTERM') };
}

/**
 * Starts chronomap (with extra flags) and Chromium; returns { base, browser, stop }.
 * gpu: WebGL2 on SwiftShader, which large collections are drawn with.
 */
export async function start(args = [], { gpu = false, timeoutMs } = {}) {
  const server = await startServer(args, { timeoutMs });
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', ...(gpu ? ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'] : ['--disable-gpu']),
        '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    server.stop();
    throw err;
  }
  return {
    base: server.base,
    browser,
    async stop() {
      await browser.close();
      server.stop();
    },
  };
}

/**
 * A new page in its own context that records problems: console errors and
 * warnings, uncaught exceptions, failed requests and HTTP errors.
 */
export async function openPage(browser, { viewport = { width: 1280, height: 800 }, ...options } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => {
    // A basemap request aborted because the view moved on is not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, context, problems };
}

/** Opens a URL and waits for the page to be ready with its basemap drawn. */
export async function load(page, url) {
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15000 });
  await page.waitForSelector('path.land', { state: 'attached', timeout: 15000 });
}

/** Ids of the events drawn on the map now. */
export function visibleIds(page) {
  return page.$$eval('.leaflet-map-pane [data-event-id]', (els) => [...new Set(els.map((e) => e.dataset.eventId))].sort());
}

/** The playhead time in ms, from the timeline slider. */
export async function playhead(page) {
  return Number(await page.getAttribute('#timeline', 'aria-valuenow'));
}
