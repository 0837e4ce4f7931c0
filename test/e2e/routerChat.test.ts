import * as assert from 'node:assert/strict';
import { runCommand, screenshot, session } from './session';

describe('@router in the chat view', () => {
  it('lists the LLM Router models in the picker and answers @router /classify without calling a model', async () => {
    const { page, ollama } = session();
    const chatsBefore = ollama.requests.filter((entry) => entry.path === '/api/chat').length;
    await runCommand('Chat: Open Chat (Ask)');
    const chat = page.locator('.interactive-session');
    const toolbar = chat.locator('.chat-input-toolbars');
    await toolbar.getByText(/via LLM Router|LLM Router Auto/).first().waitFor({ timeout: 30_000 });

    await toolbar.getByText(/via LLM Router|LLM Router Auto/).first().click();
    // The row in the open picker, not the toolbar's label (an earlier test may have chosen Auto already).
    const picker = page.locator('.context-view').getByText('LLM Router Auto').first();
    await picker.waitFor({ state: 'visible' });
    await screenshot('chat-model-picker');
    await picker.click();
    await toolbar.getByText('LLM Router Auto').waitFor();

    await chat.locator('.interactive-input-editor').click();
    await page.keyboard.type('@router /classify add type hints to total');
    await page.keyboard.press('Enter');
    const answer = chat.locator('.interactive-response').last();
    await answer.getByText('No model was called.').waitFor({ timeout: 30_000 });
    const text = await answer.innerText();
    assert.match(text, /Local model · types/);
    assert.match(text, /qwen2\.5-coder:7b/);
    assert.match(text, /type annotations/);
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, chatsBefore, '/classify calls no model');
    await screenshot('chat-router-classify');
  });
});
