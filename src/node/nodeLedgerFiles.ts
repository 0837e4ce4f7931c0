import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteRange, LedgerFiles } from '../core/ledger/ledger';

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;
/** An append handle left unused this long is closed. */
const IDLE_CLOSE_MS = 2_000;

/**
 * Ledger files in a folder, appended with O_APPEND and one write(2) per line, so a line is never
 * interleaved with another. The descriptor stays open while records keep coming (opening a file
 * per line caps appends near 8,000 a second) and closes when idle. A line is a few hundred bytes,
 * so the synchronous write costs microseconds and cannot be split by the scheduler.
 */
export class NodeLedgerFiles implements LedgerFiles {
  private readonly descriptors = new Map<string, { fd: number; idle?: ReturnType<typeof setTimeout> }>();

  constructor(private readonly folder: string) {}

  async append(name: string, text: string): Promise<void> {
    const entry = await this.appendHandle(name);
    if (entry.idle !== undefined) clearTimeout(entry.idle);
    try {
      writeSync(entry.fd, text);
    } finally {
      entry.idle = setTimeout(() => this.close(name), IDLE_CLOSE_MS);
      entry.idle.unref();
    }
  }

  /** Reads the end of the file through its append handle (opening it, as the append that follows would): a stat and a one-byte read when the file ends with a newline. */
  async unterminatedEnd(name: string): Promise<string | undefined> {
    const { fd } = await this.appendHandle(name);
    const size = fstatSync(fd).size;
    if (size === 0) return undefined;
    const probe = Buffer.alloc(Math.min(size, 4096));
    let position = size;
    const chunks: Buffer[] = [];
    while (position > 0) {
      const length = Math.min(probe.length, position);
      position -= length;
      const read = probe.subarray(0, readSync(fd, probe, 0, length, position));
      if (chunks.length === 0 && read.at(-1) === NEWLINE) return undefined;
      const newline = read.lastIndexOf(NEWLINE);
      chunks.unshift(Buffer.from(read.subarray(newline + 1)));
      if (newline !== -1) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private async appendHandle(name: string): Promise<{ fd: number; idle?: ReturnType<typeof setTimeout> }> {
    let entry = this.descriptors.get(name);
    if (entry === undefined) {
      await mkdir(this.folder, { recursive: true });
      // 'a+': every write goes to the end, and the end can be read back (unterminatedEnd).
      entry = this.descriptors.get(name) ?? { fd: openSync(join(this.folder, name), 'a+') };
      this.descriptors.set(name, entry);
    }
    return entry;
  }

  /** Closes every open descriptor (or just `name`'s). */
  close(name?: string): void {
    for (const key of name === undefined ? [...this.descriptors.keys()] : [name]) {
      const entry = this.descriptors.get(key);
      if (entry === undefined) continue;
      this.descriptors.delete(key);
      if (entry.idle !== undefined) clearTimeout(entry.idle);
      closeSync(entry.fd);
    }
  }

  async read(name: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.folder, name), 'utf8');
    } catch (error) {
      return missing(error);
    }
  }

  async readTail(name: string, bytes: number): Promise<string | undefined> {
    let handle;
    try {
      handle = await open(join(this.folder, name), 'r');
    } catch (error) {
      return missing(error);
    }
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, bytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8');
    } finally {
      await handle.close();
    }
  }

  async scanLines(name: string, visit: (bytes: Uint8Array, start: number, end: number) => void, range?: ByteRange): Promise<{ torn?: string; end: number } | undefined> {
    let handle;
    try {
      handle = await open(join(this.folder, name), 'r');
    } catch (error) {
      return missing(error);
    }
    // Two buffers: the next chunk is read while this one is scanned.
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)] as const;
    let position = range?.start ?? 0;
    const end = range?.end ?? Number.POSITIVE_INFINITY;
    const readChunk = (buffer: Buffer) => {
      const at = position;
      const length = Math.max(0, Math.min(buffer.length, end - at));
      position += length;
      return length === 0 ? Promise.resolve({ at, chunk: buffer.subarray(0, 0) }) : handle.read(buffer, 0, length, at).then(({ bytesRead }) => ({ at, chunk: buffer.subarray(0, bytesRead) }));
    };
    let leftover: Buffer | undefined;
    // The file offset just after the last complete line visited.
    let linesEnd = range?.start ?? 0;
    try {
      let turn = 0;
      let pending = readChunk(buffers[0]);
      for (;;) {
        const { at, chunk } = await pending;
        if (chunk.length === 0) break;
        turn ^= 1;
        pending = readChunk(buffers[turn]);
        let start = 0;
        if (leftover !== undefined) {
          // The line cut by the previous chunk's end.
          const newline = chunk.indexOf(NEWLINE);
          if (newline === -1) {
            leftover = Buffer.concat([leftover, chunk]);
            continue;
          }
          const line = Buffer.concat([leftover, chunk.subarray(0, newline)]);
          visit(line, 0, line.length);
          leftover = undefined;
          start = newline + 1;
        }
        for (;;) {
          const newline = chunk.indexOf(NEWLINE, start);
          if (newline === -1) break;
          visit(chunk, start, newline);
          start = newline + 1;
        }
        linesEnd = at + start;
        if (start < chunk.length) leftover = Buffer.from(chunk.subarray(start));
      }
      return leftover === undefined ? { end: linesEnd } : { torn: leftover.toString('utf8'), end: linesEnd };
    } finally {
      await handle.close();
    }
  }

  async list(): Promise<string[]> {
    try {
      return await readdir(this.folder);
    } catch (error) {
      return missing(error) ?? [];
    }
  }
}

function missing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
