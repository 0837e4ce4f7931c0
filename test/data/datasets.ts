import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Route, Task } from '../../src/core/task';

export interface LabelledTask extends Task {
  readonly id: string;
  readonly label: Route;
  readonly category?: string;
}

/** The repository root, from out/test/data (compiled) or test/data (sources). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

export function readLabelled(path: string): LabelledTask[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledTask);
}

/** The team's labelled development set, copied from ../shared/data/dev_tasks.jsonl so a clean clone is self-contained. */
export const DEV_SET_PATH = join(REPO_ROOT, 'test', 'data', 'dev_tasks.jsonl');
