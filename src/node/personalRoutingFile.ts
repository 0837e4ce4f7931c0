import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersonalRoutingStore } from '../core/policy/personalRoutingState';

/** The file adaptive routing keeps its results in, beside the ledger files. */
export const PERSONAL_ROUTING_FILE = 'personal-routing.json';

/** The personal routing state as a file in the ledger folder, replaced whole (write then rename) so a reader never sees half of it. */
export class PersonalRoutingFile implements PersonalRoutingStore {
  private readonly path: string;

  constructor(private readonly folder: string) {
    this.path = join(folder, PERSONAL_ROUTING_FILE);
  }

  async read(): Promise<string | undefined> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async write(text: string): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const partial = `${this.path}.${process.pid}.tmp`;
    await writeFile(partial, text, 'utf8');
    await rename(partial, this.path);
  }
}
