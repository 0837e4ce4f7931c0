import * as assert from 'node:assert/strict';
import { chooseSetting, openFile, screenshot, session } from './session';

const TYPED = 'def total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)';

/** The editor's visible text, as a person reads it. */
async function visibleText(): Promise<string> {
  const lines = await session().page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
  return lines.replace(/\u00a0/g, ' ');
}

/** Selects the two lines of total() and runs Route this refactor from the context menu with `instruction`. */
async function routeTotal(instruction: string): Promise<void> {
  const { page } = session();
  await openFile('orders.py', 'def total');
  const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
  await lines.locator('.view-line', { hasText: 'def total' }).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await lines.locator('.view-line', { hasText: 'def total' }).click({ button: 'right' });
  // The menu of an earlier right-click may linger hidden in the page, and a click that comes
  // too soon after the menu opens is taken for the end of the right-click and ignored.
  const item = page.locator('.context-view .monaco-menu .action-label:visible', { hasText: 'Route this refactor' });
  await item.waitFor();
  await page.waitForTimeout(300);
  await item.click();
  await page.locator('.quick-input-widget', { hasText: 'Route this refactor' }).waitFor();
  await page.keyboard.type(instruction);
  await page.keyboard.press('Enter');
}

describe('Route this refactor from the context menu', () => {
  it('rewrites the selection with the local model, and one undo restores it', async () => {
    const { page, ollama } = session();
    ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
    await openFile('orders.py', 'def total');
    const lines = page.locator('.editor-instance .monaco-editor .view-lines').first();
    await lines.locator('.view-line', { hasText: 'def total' }).waitFor();
    await lines.locator('.view-line', { hasText: 'def total' }).click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    const before = await visibleText();

    await lines.locator('.view-line', { hasText: 'def total' }).click({ button: 'right' });
    const item = page.locator('.context-view .monaco-menu .action-label', { hasText: 'Route this refactor' });
    await item.waitFor({ state: 'visible' });
    await screenshot('route-refactor-context-menu');
    await item.click();
    await page.locator('.quick-input-widget', { hasText: 'Route this refactor' }).waitFor();
    await page.keyboard.type('Add type hints');
    await page.keyboard.press('Enter');

    await page.locator('.notifications-toasts', { hasText: 'applied the answer of local-code' }).waitFor({ timeout: 30_000 });
    // The meter counts the task as soon as it is recorded: no cloud tokens, a saving against all-cloud.
    const meter = page.locator('#workbench\\.parts\\.statusbar').getByRole('button', { name: /^LLM Router: 0 cloud tokens today, saved \$0\.0*[1-9]/ });
    await meter.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await visibleText(), /def total\(items: list\[dict\[str, float\]\]\) -> float:/);
    await screenshot('route-refactor-applied');

    await lines.click();
    await page.keyboard.press('Control+Z');
    await page.waitForFunction(() => !(document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').includes('->'));
    assert.equal(await visibleText(), before);
  });

  it('with llmRouter.apply.mode "preview", shows the edit in a diff: Reject leaves the file alone, Accept applies it', async () => {
    const { page, ollama } = session();
    await chooseSetting('llmRouter.apply.mode', 'preview');
    try {
      const toast = page.locator('.notifications-toasts', { hasText: 'apply the proposed edit?' });
      ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
      await routeTotal('Add type hints');
      await toast.waitFor({ timeout: 30_000 });
      const diff = page.locator('.monaco-diff-editor');
      await diff.waitFor({ state: 'visible' });
      assert.match((await diff.innerText()).replace(/\u00a0/g, ' '), /-> float/);
      await screenshot('route-refactor-diff-preview');
      await toast.getByRole('button', { name: 'Reject' }).click();
      await page.locator('.notifications-toasts', { hasText: 'proposed edit rejected; nothing was changed' }).waitFor();
      await diff.waitFor({ state: 'detached' });
      assert.doesNotMatch(await visibleText(), /-> float/);

      ollama.script.push({ reply: `\`\`\`python\n${TYPED}\n\`\`\`` });
      await routeTotal('Add type hints');
      await toast.waitFor({ timeout: 30_000 });
      await toast.getByRole('button', { name: 'Accept' }).click();
      await page.waitForFunction(() => (document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').includes('->'), undefined, { timeout: 30_000 });
      assert.match(await visibleText(), /def total\(items: list\[dict\[str, float\]\]\) -> float:/);
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Z');
      await page.waitForFunction(() => !(document.querySelector('.editor-instance .monaco-editor .view-lines')?.textContent ?? '').includes('->'));
    } finally {
      await chooseSetting('llmRouter.apply.mode', 'direct');
    }
  });
});
