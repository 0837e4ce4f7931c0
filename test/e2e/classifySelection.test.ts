import * as assert from 'node:assert/strict';
import { openFile, runCommand, screenshot, session } from './session';

describe('Classify Selection from the command palette', () => {
  it('shows where the selected code would go and why, and the reasons in the log on request', async () => {
    const { page } = session();
    await openFile('orders.py', 'def total');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+A');

    await runCommand('LLM Router: Classify Selection');
    await page.locator('.quick-input-widget', { hasText: 'Nothing is sent to any model' }).waitFor();
    await page.keyboard.type('Add type hints to these functions');
    await page.keyboard.press('Enter');

    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Local model' });
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match(await toast.innerText(), /Local model · types · score 0\.\d\d · \d+ tokens/);
    await screenshot('classify-selection');

    await toast.getByRole('button', { name: 'Show All Reasons' }).click();
    const output = page.locator('#workbench\\.panel\\.output');
    await output.getByText('Add type hints to these functions').first().waitFor({ timeout: 15_000 });
    assert.match((await output.innerText()).replace(/\s+/g, " "), /→ local · types/);
  });
});
