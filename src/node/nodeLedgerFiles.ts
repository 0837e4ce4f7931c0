import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerFiles } from '../core/ledger/ledger';

const CHUNK_BYTES = 4 << 20;
const NEWLINE = 0x0a;

/** Ledger files in a folder, appended with O_APPEND and one write per line. */
export class NodeLedgerFiles implements LedgerFiles {
  constructor(private readonly folder: string) {}

  async append(name: string, text: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const handle = await open(join(this.folder, name), 'a');
    try {
      await handle.write(text);
    } finally {
      await handle.close();
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

  async scanHeads(name: string, marker: string, visit: (head: string, cut: boolean) => void): Promise<{ torn?: string } | undefined> {
    let handle;
    try {
      handle = await open(join(this.folder, name), 'r');
    } catch (error) {
      return missing(error);
    }
    const needle = Buffer.from(marker);
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carried = 0;
    let position = 0;
    try {
      for (;;) {
        if (carried === buffer.length) {
          // One line longer than the buffer: grow it rather than split the line.
          const bigger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(bigger, 0, 0, carried);
          buffer = bigger;
        }
        const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, position);
        position += bytesRead;
        const end = carried + bytesRead;
        let start = 0;
        for (;;) {
          const newline = buffer.indexOf(NEWLINE, start);
          if (newline === -1 || newline >= end) break;
          const line = buffer.subarray(start, newline);
          const cut = line.indexOf(needle);
          if (cut === -1) visit(line.toString('utf8'), false);
          else visit(buffer.toString('utf8', start, start + cut), true);
          start = newline + 1;
        }
        if (bytesRead === 0) return start < end ? { torn: buffer.toString('utf8', start, end) } : {};
        buffer.copy(buffer, 0, start, end);
        carried = end - start;
      }
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
