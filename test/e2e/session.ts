import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { FakeOllama } from '../fakes/ollama';
import { ARTIFACTS_DIR } from '../harness/paths';

/** What runE2e hands the tests: a workbench in Chromium with the packaged extension installed. */
export interface E2eSession {
  readonly page: Page;
  /** The Ollama the extension was started against (OLLAMA_HOST). */
  readonly ollama: FakeOllama;
  /** The user settings.json of this VS Code, read to know when a change has been saved. */
  readonly userSettingsFile: string;
}

let current: E2eSession | undefined;

export function setSession(session: E2eSession): void {
  current = session;
}

export function session(): E2eSession {
  if (current === undefined) throw new Error('e2e tests run through out/test/harness/runE2e.js, which starts VS Code first');
  return current;
}

/**
 * Runs a command from the Command Palette by its exact title, as a person would. The row is
 * clicked rather than Enter pressed: other commands whose titles contain the typed words (and
 * recently used ones) may be listed first.
 */
export async function runCommand(title: string): Promise<void> {
  const { page } = session();
  await openCommandPalette();
  await page.locator(QUICK_INPUT_FILTER).fill(`>${title}`);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.click();
}

const QUICK_INPUT_FILTER = '.quick-input-widget .quick-input-filter input';

/**
 * F1 does not always open the palette at once (seen once in CI with focus inside the savings
 * panel's webview): press it again until the palette's filter shows, so nothing is typed into
 * the page underneath.
 */
async function openCommandPalette(): Promise<void> {
  const { page } = session();
  const filter = page.locator(QUICK_INPUT_FILTER);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await filter.waitFor({ state: 'visible', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Chooses a value of an enumerated setting in the Settings editor, as a person would, and closes it. */
export async function chooseSetting(key: string, value: string): Promise<void> {
  await editSetting(key, async (editor) => {
    const select = editor.locator('.setting-item-contents select').first();
    await select.waitFor();
    await select.selectOption(value);
    // VS Code 1.139 opens the Settings editor as a modal over the workbench: Escape from the select closes it.
    return select;
  });
}

/** Ticks or clears a boolean setting in the Settings editor, as a person would, and closes it. */
export async function toggleSetting(key: string, title: RegExp): Promise<void> {
  await editSetting(key, async (editor) => {
    // The list shows every setting until the search has run: wait for this one.
    const checkbox = editor.locator('.setting-item-bool').filter({ hasText: title }).first().locator('.setting-value-checkbox');
    await checkbox.waitFor();
    await checkbox.click();
    return undefined;
  });
}

/**
 * Opens the user Settings editor at `key`, lets `change` make the change, waits until the editor
 * has saved it (the extension host hears of it right after), and closes the editor with Escape,
 * pressed on what `change` returns or on the page.
 */
async function editSetting(key: string, change: (editor: Locator) => Promise<Locator | undefined>): Promise<void> {
  const { page, userSettingsFile } = session();
  const saved = () => readFileSync(userSettingsFile, 'utf8');
  const before = saved();
  await runCommand('Preferences: Open User Settings');
  const editor = page.locator('.settings-editor');
  await editor.waitFor();
  await page.keyboard.type(key);
  const escapeFrom = await change(editor);
  for (let waited = 0; saved() === before && waited < 10_000; waited += 100) await page.waitForTimeout(100);
  await page.waitForTimeout(300);
  await (escapeFrom ?? page.keyboard).press('Escape');
  if (await editor.isVisible()) await page.keyboard.press('Control+W');
  await editor.waitFor({ state: 'hidden' });
}

/** Saves a screenshot of the whole workbench under test-results/ and returns its path. */
export async function screenshot(name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await session().page.screenshot({ path });
  return path;
}

/** Saves a screenshot of the status bar alone (for the README). */
export async function statusBarScreenshot(name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await session().page.locator('#workbench\\.parts\\.statusbar').screenshot({ path });
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
