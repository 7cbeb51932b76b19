import { createServer } from 'node:net';

/**
 * Asks the OS for a free TCP port on 127.0.0.1 by binding port 0, then releases it.
 * Another process may take the port before the caller binds it: callers retry on EADDRINUSE. Internal.
 *
 * @example
 * const port = await freePort(); // e.g. 41237
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the bound port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
