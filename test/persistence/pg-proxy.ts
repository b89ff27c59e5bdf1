/** A TCP proxy in front of the test PostgreSQL server that can stop answering, as a partitioned network does. */
import net from 'node:net';

export interface PgProxy {
  /** The port to connect to instead of 5432. */
  port: number;
  /** From now on: accept connections and read, but forward nothing either way (no reply, no reset). */
  blackhole(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy to 127.0.0.1:5432. Until `blackhole()` it forwards bytes both ways.
 *
 * @example
 * ```ts
 * const proxy = await pgProxy();
 * const store = new PostgresStore({ connectionString: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
 * proxy.blackhole(); // the server seems gone, without a connection error
 * ```
 */
export async function pgProxy(): Promise<PgProxy> {
  let silent = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    return socket;
  };
  const server = net.createServer((client) => {
    track(client);
    if (silent) return;
    const upstream = track(net.connect(5432, '127.0.0.1'));
    client.on('data', (data) => void (silent || upstream.write(data)));
    upstream.on('data', (data) => void (silent || client.write(data)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    blackhole() {
      silent = true;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
