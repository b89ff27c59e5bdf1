// Handlers for the chaos suite's thread and process pools: one per fault kind (chaos/pool-chaos.ts).

export function value(v) {
  return v;
}

export function spin(v) {
  const until = performance.now() + 1;
  while (performance.now() < until) {
    // a little CPU work
  }
  return v;
}

export function hang() {
  return new Promise(() => {});
}

export function throw_() {
  throw new Error('chaos: thrown');
}
export { throw_ as throw };

export async function reject() {
  throw new Error('chaos: rejected');
}

export function nonError() {
  throw { chaos: 'not an Error' };
}

export function thenable2x() {
  return {
    then(resolve, reject) {
      resolve('first');
      reject(new Error('chaos: stray'));
      resolve('stray');
    },
  };
}

export function thenGetter() {
  return {
    get then() {
      throw new Error('chaos: then getter');
    },
  };
}

export function exit() {
  process.exit(7);
}

export function uncloneable() {
  return { fn: () => 1 };
}

export function abort() {
  process.abort();
}

export function segfault() {
  process.kill(process.pid, 'SIGSEGV');
  return new Promise(() => {});
}
