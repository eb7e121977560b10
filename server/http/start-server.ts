// Starts one serving process's HTTP server on host:port, with the public port's limits, and stops it
// gracefully: no new connections, responses under way finish within a deadline.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { JourneyError } from '../../core/journey-error.ts';
import { SETTINGS, type JourneyConfig } from '../../config/config-schema.ts';
import type { AccessLog } from './access-log.ts';
import { statusPage } from './response-headers.ts';
import { createStaticHandler } from './serve-static.ts';

export interface RunningServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets responses under way finish for up to `deadlineMs`, then closes the rest. */
  close(deadlineMs?: number): Promise<void>;
}

type Tuning = Pick<JourneyConfig, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs' | 'maxHeaderBytes' | 'maxConnections' | 'hotBytes'>;

/** A setting's documented default (config/config-schema.ts), for callers that pass no configuration. */
const byDefault = <K extends keyof Tuning>(key: K): Tuning[K] => SETTINGS.find((setting) => setting.key === key)!.default as Tuning[K];

/** A configuration (or part of one: what is missing takes its default), plus what only the caller knows. */
export interface ServerOptions extends Pick<JourneyConfig, 'dataDir' | 'host' | 'port'>, Partial<Tuning>, Partial<Pick<JourneyConfig, 'basePath'>> {
  log?: AccessLog;
  /** Lets several serving processes share the port (SO_REUSEPORT; the kernel spreads connections). */
  reusePort?: boolean;
}

/**
 * Listens and resolves with the address it really bound.
 *
 * @example
 * const { url, close } = await startServer({ dataDir: './data', host: '127.0.0.1', port: 0 });
 * await startServer({ ...config, log, reusePort: true });
 */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const setting = <K extends keyof Tuning>(key: K): Tuning[K] => options[key] ?? byDefault(key);
  const handler = createStaticHandler(options.dataDir, { hotBytes: setting('hotBytes'), basePath: options.basePath ?? '', ...(options.log ? { log: options.log } : {}) });
  const server = createServer({
    maxHeaderSize: setting('maxHeaderBytes'), requestTimeout: setting('requestTimeoutMs'), headersTimeout: setting('headersTimeoutMs'),
    keepAliveTimeout: setting('keepAliveTimeoutMs'), connectionsCheckingInterval: 1_000,
  }, handler);
  server.once('close', () => handler.close());
  server.maxConnections = setting('maxConnections');
  server.on('clientError', answerClientError);
  server.on('connect', (_req, socket: Duplex) => answerRaw(socket, 405));
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new JourneyError('JOURNEY_SERVER_LISTEN_FAILED',
      `cannot listen on ${options.host}:${options.port}`, { fix: 'Choose another --port or stop the process using it.', cause: error })));
    server.listen({ port: options.port, host: options.host, reusePort: options.reusePort === true }, () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host}:${address.port}/`,
        close: (deadlineMs = 10_000) => closeGracefully(server, deadlineMs),
      });
    });
  });
}

/**
 * Requests Node's parser refuses (bad request lines, headers too large, timeouts) get a short answer
 * with the security headers too, instead of Node's bare default.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  answerRaw(socket, error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400);
}

/** Writes a whole short answer on a socket Node's HTTP layer will not answer on, and closes it. */
function answerRaw(socket: Duplex, status: number): void {
  const { reason, body, headers } = statusPage(status, { Connection: 'close' });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${body}`);
}

function closeGracefully(server: Server, deadlineMs: number): Promise<void> {
  return new Promise((done) => {
    const idle = setInterval(() => server.closeIdleConnections(), 50); // keep-alive sockets between requests
    const deadline = setTimeout(() => server.closeAllConnections(), deadlineMs);
    server.close(() => {
      clearInterval(idle);
      clearTimeout(deadline);
      done();
    });
    server.closeIdleConnections();
  });
}
