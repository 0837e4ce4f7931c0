import * as assert from 'node:assert/strict';
import { screenshot, session, statusBarScreenshot } from './session';

const localEngineItem = () =>
  session()
    .page.locator('#workbench\\.parts\\.statusbar')
    .getByRole('button', { name: /^LLM Router local engine/ });

describe('status bar', () => {
  it('shows that the local engine is running with its model', async () => {
    const item = localEngineItem();
    await item.filter({ hasText: 'Ollama' }).waitFor({ state: 'visible', timeout: 30_000 });
    await session().page.waitForFunction(() => /is running with qwen2\.5-coder:7b/.test(document.querySelector('#workbench\\.parts\\.statusbar')?.innerHTML ?? ''), undefined, { timeout: 30_000 });
    assert.match((await item.getAttribute('aria-label')) ?? '', /Ollama 0\.32\.15 at http:\/\/127\.0\.0\.1:\d+ is running with qwen2\.5-coder:7b/);
    await screenshot('status-bar-ollama-running');
    await statusBarScreenshot('status-bar-running');
  });

  it('pauses local routing on click, and resumes on the next, leaving the server it did not start alone', async () => {
    const { ollama } = session();
    await localEngineItem().click();
    await localEngineItem().filter({ hasText: 'Ollama: paused' }).waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('status-bar-ollama-paused');
    await statusBarScreenshot('status-bar-paused');
    assert.ok((await fetch(`${ollama.url}/api/version`)).ok, 'the server keeps running');
    await localEngineItem().click();
    await session().page.waitForFunction(() => /is running with qwen2\.5-coder:7b/.test(document.querySelector('#workbench\\.parts\\.statusbar')?.innerHTML ?? '') && !/paused/.test(document.querySelector('#workbench\\.parts\\.statusbar')?.innerHTML ?? ''), undefined, { timeout: 15_000 });
  });

  it('says plainly when Ollama stops answering and there is no ollama to start, once the user clicks', async () => {
    const { page, ollama } = session();
    await ollama.close();
    await localEngineItem().click();
    await localEngineItem().filter({ hasText: 'Ollama: not running' }).waitFor({ state: 'visible', timeout: 15_000 });
    const toast = page.locator('.notifications-toasts').getByText(/no Ollama server answers at/);
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    assert.ok(await page.locator('.notifications-toasts').getByRole('button', { name: 'Open Settings' }).isVisible());
    await screenshot('status-bar-ollama-not-running');
    await statusBarScreenshot('status-bar-not-running');
  });
});
