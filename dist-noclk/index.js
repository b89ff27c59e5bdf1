export { toMermaid } from './chunk-AFQVPJKD.js';
export { systemTree } from './chunk-OEG4JWUS.js';
export { isMachine, toGraph } from './chunk-HGD4RTKF.js';
export { DynamicSupervisor, dynamicSupervisorSpec, getDynamicSupervisor, startDynamicSupervisor } from './chunk-HEFNJYOW.js';
export { CHECKPOINT_EVENT, CircuitOpenError, DEFAULT_FRESH_IF_CRASH_WITHIN_MS, DEFAULT_INTENSITY, DEFAULT_MAX_HELD_EVENTS, DEFAULT_PERIOD_MS, DEFAULT_WORKER_SHUTDOWN_MS, HeldEventsFullError, MAX_POOL_SIZE, MAX_QUEUE_SIZE_ENV, MAX_THREADS, MAX_TIMER_MS, NameAlreadyRegisteredError, NameNotRegisteredError, NotPersistedError, POOL_SIZE_ENV, PersistKeyInUseError, Pool, PoolClosedError, PoolFailedError, PoolRecoveringError, QueueFullError, Registry, SHUTDOWN_EVENT, STARTING_TAG, SnapshotNotSerializableError, SnapshotStoreError, Supervisor, SupervisorHandle, TaskCancelledError, TaskTimeoutError, ThreadPool, WorkerCrashError, assertSerializable, breakerMachine, checkpoint, createPool, createThreadPool, currentIncarnation, deserializeError, getPool, getSupervisor, getThreadPool, isAbnormal, liveRoots, normalizeSupervisorOptions, poolMachine, poolSpec, startSupervisor, supervisorMachine, supervisorSpec, terminateActor, threadPoolSpec, workerMachine } from './chunk-2CH7TKCZ.js';
export { UnknownOptionError } from './chunk-VZOJWXSB.js';
export { FailedToStartChildError, InvalidOptionError, OverseerError, SupervisorNotRunningError } from './chunk-AESCEPAJ.js';
import { createHash } from 'crypto';
import { readFile, open, unlink, rename, readdir, mkdir } from 'fs/promises';
import { join } from 'path';

// supervisor/typed-children.ts
function defineChild(logic, spec) {
  return { ...spec, logic };
}

// supervisor/persistence/store.ts
var MemoryStore = class {
  entries = /* @__PURE__ */ new Map();
  load(key) {
    const text = this.entries.get(key);
    return Promise.resolve(text === void 0 ? void 0 : JSON.parse(text));
  }
  save(key, snapshot) {
    this.entries.set(key, JSON.stringify(snapshot));
    return Promise.resolve();
  }
  delete(key) {
    this.entries.delete(key);
    return Promise.resolve();
  }
  keys() {
    return Promise.resolve([...this.entries.keys()]);
  }
};
var TEMP_SUFFIX = ".tmp";
var FILE_SUFFIX = ".json";
var MAX_NAME = 180;
var FileStore = class {
  directory;
  fsync;
  ready;
  sequence = 0;
  constructor(directory, options = {}) {
    this.directory = directory;
    this.fsync = options.fsync ?? true;
  }
  async load(key) {
    await this.prepare();
    let text;
    try {
      text = await readFile(this.pathOf(key), "utf8");
    } catch (error) {
      if (error.code === "ENOENT") return void 0;
      throw error;
    }
    const stored = JSON.parse(text);
    return stored.key === key ? stored.snapshot : void 0;
  }
  async save(key, snapshot) {
    await this.prepare();
    const target = this.pathOf(key);
    const temp = `${target}.${process.pid}.${this.sequence++}${TEMP_SUFFIX}`;
    const file = await open(temp, "w");
    try {
      await file.writeFile(`${JSON.stringify({ key, snapshot })}
`, "utf8");
      if (this.fsync) await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temp).catch(() => void 0);
      throw error;
    }
    await file.close();
    await rename(temp, target);
    if (this.fsync) await this.syncDirectory();
  }
  async delete(key) {
    await this.prepare();
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
      return;
    }
    if (this.fsync) await this.syncDirectory();
  }
  async keys() {
    await this.prepare();
    const keys = [];
    for (const name of await readdir(this.directory)) {
      if (!name.endsWith(FILE_SUFFIX)) continue;
      const stem = name.slice(0, -FILE_SUFFIX.length);
      if (!stem.startsWith("~")) {
        keys.push(decodeName(stem));
        continue;
      }
      try {
        keys.push(JSON.parse(await readFile(join(this.directory, name), "utf8")).key);
      } catch {
      }
    }
    return keys;
  }
  /**
   * The file that holds `key`'s snapshot.
   *
   * @example
   * ```ts
   * new FileStore('/var/state').pathOf('Order/1'); // '/var/state/%4frder%2f1.json'
   * ```
   */
  pathOf(key) {
    const encoded = encodeName(key);
    const name = encoded.length <= MAX_NAME ? encoded : `~${createHash("sha256").update(key).digest("hex")}`;
    return join(this.directory, `${name}${FILE_SUFFIX}`);
  }
  /** Creates the directory once, and removes temporary files of processes that no longer run. */
  prepare() {
    this.ready ??= (async () => {
      await mkdir(this.directory, { recursive: true });
      for (const name of await readdir(this.directory)) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const pid = Number(name.slice(0, -TEMP_SUFFIX.length).split(".").at(-2));
        if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) await unlink(join(this.directory, name)).catch(() => void 0);
      }
    })();
    this.ready.catch(() => this.ready = void 0);
    return this.ready;
  }
  async syncDirectory() {
    let directory;
    try {
      directory = await open(this.directory, "r");
      await directory.sync();
    } catch (error) {
      if (process.platform !== "win32") throw error;
    } finally {
      await directory?.close();
    }
  }
};
function encodeName(key) {
  let name = "";
  for (const byte of Buffer.from(key, "utf8")) {
    const char = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, "0")}`;
  }
  return name === "" ? "%" : name;
}
function decodeName(name) {
  if (name === "%") return "";
  const bytes = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "%") {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(name.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

export { FileStore, MemoryStore, defineChild };
//# sourceMappingURL=index.js.map
//# sourceMappingURL=index.js.map