/** Timing helpers shared by every test suite. Real time unless a suite says otherwise. */

/** Resolves after `ms` ms. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects if `promise` does not settle within `ms` (real time), naming `what`. */
export function within<T>(promise: Promise<T>, ms: number, what = 'promise'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Polls `condition` every `every` ms until it holds, or throws after `limit` ms. */
export async function pollUntil(condition: () => boolean, what: string, limit: number, every = 1): Promise<void> {
  const deadline = Date.now() + limit;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} did not become true within ${limit} ms`);
    await sleep(every);
  }
}
