import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonValue, SnapshotStore } from './store.js';

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /**
   * Flush each snapshot file and its directory to the disk (`fsync`) before a save resolves, so a
   * power loss cannot take a save that was reported done. Without it a `kill -9` still leaves no
   * torn file (the rename is atomic); only a machine crash can lose the last saves.
   * @default true
   * @example new FileStore('./state', { fsync: false })
   */
  fsync?: boolean;
}

const TEMP_SUFFIX = '.tmp';
const FILE_SUFFIX = '.json';
/** Longer encoded keys are hashed, so a file name stays far below the usual 255-byte limit. */
const MAX_NAME = 180;

/**
 * The embedded default store: one JSON file per key in one directory. A save writes a temporary
 * file, flushes it, and renames it over the old one (then flushes the directory), so a process
 * killed at any moment (`kill -9`) leaves either the old snapshot or the new one, never a torn
 * file. Keys may be any string: they are encoded into safe file names (letters other than
 * `a-z`, digits, `-` and `_` are escaped, so names differ on case-insensitive disks too).
 * Temporary files left by a killed process are ignored and removed on first use.
 *
 * @example
 * ```ts
 * const store = new FileStore('./var/overseer');
 * await startSupervisor({ children: [{ id: 'order', logic: orderMachine, persist: { store } }] });
 * ```
 */
export class FileStore implements SnapshotStore {
  readonly directory: string;
  private readonly fsync: boolean;
  private ready: Promise<void> | undefined;
  private sequence = 0;

  constructor(directory: string, options: FileStoreOptions = {}) {
    this.directory = directory;
    this.fsync = options.fsync ?? true;
  }

  async load(key: string): Promise<JsonValue | undefined> {
    await this.prepare();
    let text: string;
    try {
      text = await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const stored = JSON.parse(text) as { key: string; snapshot: JsonValue };
    // Only a hashed name could be shared by two keys; the file says whose it is.
    return stored.key === key ? stored.snapshot : undefined;
  }

  async save(key: string, snapshot: JsonValue): Promise<void> {
    await this.prepare();
    const target = this.pathOf(key);
    const temp = `${target}.${process.pid}.${this.sequence++}${TEMP_SUFFIX}`;
    const file = await open(temp, 'w');
    try {
      await file.writeFile(`${JSON.stringify({ key, snapshot })}\n`, 'utf8');
      if (this.fsync) await file.sync();
    } catch (error) {
      await file.close();
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await file.close();
    await rename(temp, target);
    if (this.fsync) await this.syncDirectory();
  }

  async delete(key: string): Promise<void> {
    await this.prepare();
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return;
    }
    if (this.fsync) await this.syncDirectory();
  }

  async keys(): Promise<string[]> {
    await this.prepare();
    const keys: string[] = [];
    for (const name of await readdir(this.directory)) {
      if (!name.endsWith(FILE_SUFFIX)) continue;
      const stem = name.slice(0, -FILE_SUFFIX.length);
      if (!stem.startsWith('~')) {
        keys.push(decodeName(stem));
        continue;
      }
      try {
        keys.push((JSON.parse(await readFile(join(this.directory, name), 'utf8')) as { key: string }).key);
      } catch {
        // Deleted meanwhile: not a key any more.
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
  pathOf(key: string): string {
    const encoded = encodeName(key);
    const name = encoded.length <= MAX_NAME ? encoded : `~${createHash('sha256').update(key).digest('hex')}`;
    return join(this.directory, `${name}${FILE_SUFFIX}`);
  }

  /** Creates the directory once, and removes temporary files of processes that no longer run. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.directory, { recursive: true });
      for (const name of await readdir(this.directory)) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const pid = Number(name.slice(0, -TEMP_SUFFIX.length).split('.').at(-2));
        if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) await unlink(join(this.directory, name)).catch(() => undefined);
      }
    })();
    // A failed preparation (no permission) is retried by the next call.
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async syncDirectory(): Promise<void> {
    let directory;
    try {
      directory = await open(this.directory, 'r');
      await directory.sync();
    } catch (error) {
      // Windows cannot open or flush a directory; its renames are flushed with the file.
      if (process.platform !== 'win32') throw error;
    } finally {
      await directory?.close();
    }
  }
}

function encodeName(key: string): string {
  let name = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    name += /[a-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, '0')}`;
  }
  // The empty key still needs a file name.
  return name === '' ? '%' : name;
}

function decodeName(name: string): string {
  if (name === '%') return '';
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '%') {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(name.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
