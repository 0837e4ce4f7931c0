import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { FakeOllama } from '../fakes/ollama';
import { ARTIFACTS_DIR } from '../harness/paths';

/** What runE2e hands the tests: a workbench in Chromium with the packaged extension installed. */
export interface E2eSession {
  readonly page: Page;
  /** The Ollama the extension was started against (OLLAMA_HOST). */
  readonly ollama: FakeOllama;
}

let current: E2eSession | undefined;

export function setSession(session: E2eSession): void {
  current = session;
}

export function session(): E2eSession {
  if (current === undefined) throw new Error('e2e tests run through out/test/harness/runE2e.js, which starts VS Code first');
  return current;
}

/** Saves a screenshot of the whole workbench under test-results/ and returns its path. */
export async function screenshot(name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await session().page.screenshot({ path });
  return path;
}

/** Opens a workspace file through Quick Open, as a person would, and waits for its text. */
export async function openFile(name: string, containing: string): Promise<void> {
  const { page } = session();
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-lines').first().locator('.view-line', { hasText: containing }).waitFor();
}
