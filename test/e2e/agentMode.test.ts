import * as assert from 'node:assert/strict';
import { runCommand, screenshot, session, toggleSetting } from './session';

const AGENT_ENABLED = /Agent: Enabled/;

/**
 * VS Code 1.139 runs Agent mode's loop (offering tools, running them, sending results back) in
 * the GitHub Copilot Chat extension; without it, its own placeholder agent takes the request and
 * asks the user to sign in to GitHub Copilot first. This test shows how far a user gets offline
 * without a Copilot account: LLM Router Auto is offered in Agent mode (it declares tool calling)
 * and can be selected, and the request then stops at the sign-in, before any model is called.
 */
describe('LLM Router models in Agent mode (VS Code 1.139, no Copilot account)', () => {
  after(async () => {
    // Back to the setup the other tests run in (Ask mode, see the README).
    await toggleSetting('chat.agent.enabled', AGENT_ENABLED);
    await runCommand('Chat: Open Chat (Ask)');
  });

  it('offers LLM Router Auto in the Agent picker; the request then waits for a GitHub Copilot sign-in, and no model is called', async () => {
    const { page, ollama } = session();
    const chatsBefore = ollama.requests.filter((entry) => entry.path === '/api/chat').length;
    const chat = page.locator('.interactive-session');
    const toolbar = chat.locator('.chat-input-toolbars');
    await toolbar.getByText(/via LLM Router|LLM Router Auto/).first().waitFor({ timeout: 30_000 });
    await toggleSetting('chat.agent.enabled', AGENT_ENABLED);
    // The mode menu may be redrawn while it opens (the models are listed again); open it until the pick takes.
    for (let attempt = 0; attempt < 5 && !(await toolbar.getByText('Agent', { exact: true }).isVisible()); attempt++) {
      await toolbar.getByText('Ask', { exact: true }).click();
      await page.getByRole('menuitemcheckbox', { name: /^Agent\b/ }).click({ timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
    }
    await toolbar.getByText('Agent', { exact: true }).waitFor({ timeout: 5_000 });

    // Agent mode's picker lists only models that declare tool calling.
    await toolbar.getByText(/via LLM Router|LLM Router Auto/).first().waitFor({ timeout: 30_000 });
    await toolbar.getByText(/via LLM Router|LLM Router Auto/).first().click();
    const auto = page.locator('.context-view').getByText('LLM Router Auto').first();
    await auto.waitFor({ state: 'visible' });
    await screenshot('chat-agent-mode-picker');
    await auto.click();
    await toolbar.getByText('LLM Router Auto').waitFor();

    const input = chat.locator('.interactive-input-editor');
    for (let attempt = 0; attempt < 5 && !(await input.getByText('add type hints to total').isVisible()); attempt++) {
      await page.waitForTimeout(500);
      await input.click({ force: true });
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Read src/orders.py and add type hints to total');
    }
    await page.keyboard.press('Enter');
    await page.getByText('Sign in to use GitHub Copilot').first().waitFor({ timeout: 30_000 });
    await screenshot('chat-agent-mode-sign-in');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, chatsBefore, 'no model is called before the sign-in');
    assert.match(await toolbar.innerText(), /Agent[\s\S]*LLM Router Auto/);

    // Closing the sign-in: VS Code's placeholder answers in the chat, and still no model was called.
    await page.keyboard.press('Escape');
    await chat.getByText('You need to set up GitHub Copilot and be signed in to use Chat.').waitFor({ timeout: 15_000 });
    await screenshot('chat-agent-mode-sign-in-closed');
    assert.equal(ollama.requests.filter((entry) => entry.path === '/api/chat').length, chatsBefore);
  });
});
