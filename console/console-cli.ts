// `npm run console`: the operator console on a loopback address only (127.0.0.1:8766 by default):
// status, each iteration raw beside public with the redactions marked, and buttons to request a
// publish or roll back. Its routes live below /console/ on this port; the public server never has them.
// It answers only requests whose Host names it exactly (DNS rebinding), and its buttons only its own page.
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main, usageError, type CommandSpec } from '../cli/define-command.ts';
import { info } from '../core/log.ts';
import { createDetector } from '../redact/detect.ts';
import { readDetectorOptions } from '../redact/read-detector.ts';
import { openDb } from '../state/db.ts';
import { REPO_ROOT } from '../synth/render/run-astro-process.ts';
import { ensureConsole } from './build-console-process.ts';
import { allowedHosts, isAllowedHost } from './lib/allowed-hosts.ts';
import { readConsoleHome, readConsoleIteration } from './lib/console-data.ts';
import { runCommandProcess } from '../ops/run-command-process.ts';
import { triggerPath } from '../core/data-layout.ts';

/** Only these answer: a console that the network can reach would show raw secrets. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

const HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store',
};

type Render = (pathname: string, locals: object) => Promise<{ status: number; body: string } | undefined>;

export const consoleCommand: CommandSpec = {
  invocation: 'npm run console --',
  summary: [
    'Serve the operator console on a loopback address (it refuses any other): journey\'s status, each',
    'iteration raw beside its public page with every redaction marked, and buttons to request a publish',
    '(touches the trigger file) and to roll back. Never expose it: it shows raw loop files.',
  ].join('\n'),
  flags: [
    { name: 'host', type: 'string', valueName: 'ADDR', description: 'loopback address to listen on', defaultText: '127.0.0.1' },
    { name: 'port', type: 'string', valueName: 'N', description: 'port (0: any free one)', defaultText: '8766' },
  ],
  examples: ['npm run console -- --loop-dir /srv/loop --data-dir /data/autoswe', 'npm run console -- --port 9766'],
  async run({ config, flags }) {
    const host = typeof flags['host'] === 'string' ? flags['host'] : '127.0.0.1';
    const port = Number(typeof flags['port'] === 'string' ? flags['port'] : 8766);
    if (!isLoopback(host)) throw usageError(consoleCommand, `--host ${host} is not a loopback address: the console shows raw loop files and only listens on 127.0.0.1, ::1 or localhost`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(consoleCommand, '--port must be a port number');
    const entry = await ensureConsole(path.join(config.dataDir, 'cache', 'console'), 600_000);
    const render = (await import(pathToFileURL(entry).href) as { renderConsole: Render }).renderConsole;
    const detector = createDetector(readDetectorOptions(config, { createKey: true }));
    const trigger = triggerPath(config);
    let origin = '';
    let hosts = new Set<string>();

    const send = (res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...extra }).end(body);
    };
    const page = async (res: ServerResponse, pathname: string, data: unknown) => {
      const result = data === undefined ? undefined : await render(pathname, { console: data });
      if (!result) return send(res, 404, '<!doctype html><title>Not found</title><p>Not found.</p>');
      send(res, result.status, result.body);
    };
    const act = async (req: IncomingMessage, res: ServerResponse, action: string) => {
      // A page elsewhere in the operator's browser must not press these buttons.
      if (req.headers.origin !== origin && req.headers['sec-fetch-site'] !== 'same-origin') return send(res, 403, '<p>Cross-site request refused.</p>');
      let done: string;
      if (action === 'publish') {
        writeFileSync(trigger, '');
        done = 'publish requested (the trigger file was touched)';
      } else {
        const run = await runCommandProcess([process.execPath, path.join(REPO_ROOT, 'admin', 'rollback-cli.ts'), '--data-dir', config.dataDir], 60_000);
        done = run.code === 0 ? 'rolled back (and pinned: npm run unpin to publish again)' : `rollback failed: ${run.outcome}`;
      }
      info(`console: ${done}`);
      res.writeHead(303, { ...HEADERS, Location: `/console/?done=${encodeURIComponent(done)}` }).end();
    };
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      // A page on another origin whose name resolves to this address sends its own name: 421, naming nothing of the request.
      if (!isAllowedHost(req.rawHeaders, hosts)) return send(res, 421, '<!doctype html><title>Misdirected request</title><p>Misdirected request.</p>');
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      const action = /^\/console\/actions\/(publish|rollback)$/.exec(url.pathname)?.[1];
      if (action) return req.method === 'POST' ? act(req, res, action) : send(res, 405, '<p>POST only.</p>', { Allow: 'POST' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '<p>GET only.</p>', { Allow: 'GET, HEAD' });
      if (url.pathname === '/console') return res.writeHead(301, { ...HEADERS, Location: '/console/' }).end();
      const db = openDb(config);
      try {
        if (url.pathname === '/console/') return await page(res, url.pathname, readConsoleHome(db, config, url.searchParams.get('done') ?? undefined));
        const n = /^\/console\/iterations\/(\d{1,9})\/$/.exec(url.pathname)?.[1];
        if (n) return await page(res, url.pathname, readConsoleIteration(db, config, detector, Number(n)));
        return send(res, 404, '<!doctype html><title>Not found</title><p>Not found.</p>');
      } finally {
        db.close();
      }
    };
    const server = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        info(`console: ${(error as Error).message}`);
        if (!res.headersSent) send(res, 500, '<p>The console failed on this page; see its log.</p>');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    const bound = server.address() as AddressInfo;
    origin = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
    hosts = allowedHosts(bound.address, bound.port);
    info(`console on ${origin}/console/ (loopback only)`);
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    return 0;
  },
};

if (import.meta.main) main(consoleCommand);
