// Starts the real public server for a test (in-process, or the real command as a child process) and
// talks to it: fetch for ordinary requests, a raw socket for requests no client library would send.
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { startServer, type RunningServer } from '../server/http/start-server.ts';
import { REPO } from './run-cli.ts';

export async function serveDataDir(dataDir: string): Promise<RunningServer> {
  return startServer({ dataDir, host: '127.0.0.1', port: 0 });
}

export async function fetchText(base: string, route: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(new URL(route, base), { signal: AbortSignal.timeout(10_000), redirect: 'manual', ...init });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

/** Polls `check` every 25 ms until it holds; fails with `what` and the tail of `log()` after `timeoutMs`. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000, log: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}:\n${log().slice(-3000)}`);
}

export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
  /** Content-Length as sent, when sent. */
  contentLength: number | undefined;
}

/**
 * Sends `head` (a request line and headers, without the blank line) on a fresh connection to
 * `address` exactly as written, and reads the whole answer (the server closes: `Connection: close` is added).
 */
export function rawRequest(port: number, head: string, timeoutMs = 10_000, address = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, address);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to ${JSON.stringify(head.slice(0, 100))} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {}); // a reset after the answer still leaves the answer to parse
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end === -1) return reject(new Error(`no HTTP answer to ${JSON.stringify(head.slice(0, 100))}: ${JSON.stringify(all.toString('latin1').slice(0, 200))}`));
      const [statusLine, ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const length = headers.get('content-length');
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: all.subarray(end + 4), contentLength: length === undefined ? undefined : Number(length) });
    });
    socket.write(`${head}\r\nConnection: close\r\n\r\n`, 'latin1');
  });
}

export interface ServeProcess {
  child: ChildProcess;
  base: string;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `node server/<entry>` (serve-cli.ts or start-cli.ts) on a loopback port in its own process
 * group, and resolves once it says where it serves.
 *
 * @example
 * const server = await startServeProcess('serve-cli.ts', ['--loop-dir', loop, '--data-dir', data]);
 */
export async function startServeProcess(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [path.join(REPO, 'server', entry), '--port', '0', '--host', '127.0.0.1', ...args], {
    cwd: REPO, detached: true, env: { ...process.env, NO_COLOR: '1', JOURNEY_REDACT_KEY: 'serve-test-key-0123456789', ...env },
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await until(() => /journey serving .* at http:\/\/127\.0\.0\.1:\d+\//.test(text) || child.exitCode !== null, 'the server to listen', 60_000, () => text);
  const match = /journey serving .* at (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(text);
  if (!match) throw new Error(`the server exited before listening:\n${text}`);
  return {
    child, base: match[1]!, port: Number(match[2]), output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      return exited;
    },
  };
}

/** True while a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
