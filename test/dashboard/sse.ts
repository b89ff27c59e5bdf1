import { request } from 'node:http';
import type { DashboardBatch, DashboardHello } from '../../src/dashboard/index.js';

/** A Server-Sent Events client over node:http: the raw text, the hello and the batches as they come. */
export interface SseClient {
  status: number;
  raw: string;
  hello: DashboardHello | undefined;
  batches: DashboardBatch[];
  ended: Promise<void>;
  /** Resolves with the first batch (from now on) that passes `test`. */
  next(test?: (batch: DashboardBatch) => boolean, timeout?: number): Promise<DashboardBatch>;
  close(): void;
}

export function openStream(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const waiting = new Set<(batch: DashboardBatch) => void>();
      let buffer = '';
      const client: SseClient = {
        status: res.statusCode ?? 0,
        raw: '',
        hello: undefined,
        batches: [],
        ended: new Promise((done) => res.on('close', () => done())),
        next(test = () => true, timeout = 5000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => {
              waiting.delete(check);
              fail(new Error('no matching batch in time'));
            }, timeout);
            const check = (batch: DashboardBatch): void => {
              if (!test(batch)) return;
              clearTimeout(timer);
              waiting.delete(check);
              ok(batch);
            };
            waiting.add(check);
          });
        },
        close: () => req.destroy(),
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        client.raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(message)?.[1];
          const data = message
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (event === 'hello') client.hello = JSON.parse(data) as DashboardHello;
          else if (data !== '') {
            const batch = JSON.parse(data) as DashboardBatch;
            client.batches.push(batch);
            for (const check of [...waiting]) check(batch);
          }
        }
      });
      resolve(client);
    });
    req.on('error', reject);
    req.end();
  });
}
