import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerFiles } from '../core/ledger/ledger';

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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(): Promise<string[]> {
    try {
      return await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
