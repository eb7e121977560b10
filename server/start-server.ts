// Starts the public HTTP server on host:port and reports the address it really bound.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JourneyError } from '../cli/journey-error.ts';
import { createStaticHandler } from './serve-static.ts';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Listens with conservative limits (header size and time, request time, keep-alive).
 *
 * @example
 * const { url } = await startServer({ dataDir: './data', host: '127.0.0.1', port: 0 });
 */
export function startServer(options: { dataDir: string; host: string; port: number }): Promise<RunningServer> {
  const server = createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 },
    createStaticHandler(options.dataDir));
  server.maxConnections = 1024;
  return new Promise((resolve, reject) => {
    server.once('error', (error) => reject(new JourneyError('JOURNEY_SERVER_LISTEN_FAILED',
      `cannot listen on ${options.host}:${options.port}`, { fix: 'Choose another --port or stop the process using it.', cause: error })));
    server.listen(options.port, options.host, () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/`,
        close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}
