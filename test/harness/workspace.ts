import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

const SAMPLE = join(REPO_ROOT, 'test', 'integration', 'workspace');

/**
 * A fresh copy of the sample workspace, so no run sees another run's edits. Like every workspace
 * the harness opens, it lies outside the clone: VS Code would otherwise find the clone's git
 * repository in a parent folder and ask whether to open it.
 */
export function copySampleWorkspace(): string {
  const target = join(mkdtempSync(join(tmpdir(), 'llm-router-workspace-')), 'sample');
  cpSync(SAMPLE, target, { recursive: true });
  return target;
}

/** Where `npm start` keeps its sample workspace between runs (outside the clone, one per user). */
export function startWorkspaceFolder(): string {
  return join(tmpdir(), `llm-router-start-${process.getuid?.() ?? 'user'}`, 'sample-workspace');
}

/** `npm start`'s sample workspace, copied on first use and kept with the person's edits after. */
export function startWorkspace(): string {
  const folder = startWorkspaceFolder();
  if (!existsSync(folder)) cpSync(SAMPLE, folder, { recursive: true });
  return folder;
}
