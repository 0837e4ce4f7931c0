import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** A fresh copy of the sample workspace, so no run sees another run's edits. */
export function copySampleWorkspace(): string {
  const target = join(mkdtempSync(join(tmpdir(), 'llm-router-workspace-')), 'sample');
  cpSync(join(REPO_ROOT, 'test', 'integration', 'workspace'), target, { recursive: true });
  return target;
}
