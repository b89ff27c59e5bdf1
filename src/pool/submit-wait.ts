import type { SubmitOptions, TaskHandle } from '../task-context.js';
import { checkTask, onlyRoomIsMissing } from './admission.js';
import type { PoolCore } from './pool-core.js';

/**
 * `submitWait`: submits now if only room could be missing and there is some, otherwise waits
 * (FIFO) for room. Every other refusal is immediate; a pool that stops accepting while the call
 * waits rejects it with `PoolClosedError` / `PoolFailedError`, an aborted signal with its reason.
 *
 * @example
 * ```ts
 * const handle = await submitWhenRoom(core, () => core.submit(task, options), task, options);
 * ```
 */
export function submitWhenRoom<T>(
  core: PoolCore<any>,
  submit: () => TaskHandle<T>,
  task: unknown,
  options: SubmitOptions | undefined,
): Promise<TaskHandle<T>> {
  try {
    checkTask(core, task, options);
    if (!onlyRoomIsMissing(core)) return Promise.resolve(submit());
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = options?.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<TaskHandle<T>>((resolve, reject) => {
    core.waiters.waitForRoom(
      () => {
        try {
          resolve(submit());
        } catch (error) {
          reject(error);
        }
      },
      reject,
      signal,
      reject,
    );
  });
}
