import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { runCommand, screenshot, session } from './session';

/** The savings panel's own document, inside the webview's two iframes. */
function panelFrame(): FrameLocator {
  return session().page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

async function chooseColorTheme(name: string): Promise<void> {
  const { page } = session();
  await runCommand('Preferences: Color Theme');
  // The theme picker replaces the command list once it has loaded the themes; text typed
  // before then is cleared, and an unfiltered list may not show the theme wanted.
  const filter = page.locator('.quick-input-widget input[placeholder^="Select Color Theme"]');
  await filter.waitFor();
  await filter.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await filter.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

describe('savings panel', () => {
  it('opens from the token meter with KPIs, four charts and the recent decisions, in a dark and a light theme', async () => {
    const { page } = session();
    await page.locator('#workbench\\.parts\\.statusbar').getByRole('button', { name: /^LLM Router: .* cloud tokens today/ }).click();
    const frame = panelFrame();
    await frame.getByRole('heading', { name: 'LLM Router savings' }).waitFor({ timeout: 30_000 });
    await frame.locator('canvas#chart-requests').waitFor();
    assert.equal(await frame.locator('canvas').count(), 4);
    const requests = await frame.locator('.kpi[data-kpi="Requests"] .value').innerText();
    assert.ok(Number(requests.replace(/,/g, '')) >= 3, `the earlier tests' tasks are counted (${requests})`);
    assert.match(await frame.locator('.kpi[data-kpi="Saved"] .value').innerText(), /^\$0\.\d{4}$/);
    assert.ok((await frame.locator('.wide tbody tr').count()) >= 3, 'recent decisions are listed');
    // The earlier tests' tasks came from Route this refactor (@router /classify calls no model).
    const sources = await frame.locator('.traffic tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(sources, ['Editor tasks'], 'the traffic table names the surface the tasks came from');
    // The panel alone on screen, for the screenshots.
    await page.keyboard.press('Control+J');
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+Alt+B');
    await page.waitForTimeout(800);
    await screenshot('savings-panel-dark');
    await frame.locator('.traffic').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await screenshot('savings-panel-traffic');
    await frame.getByRole('heading', { name: 'LLM Router savings' }).scrollIntoViewIfNeeded();

    await chooseColorTheme('Light Modern');
    await frame.getByRole('heading', { name: 'LLM Router savings' }).waitFor();
    await page.waitForTimeout(1000);
    await screenshot('savings-panel-light');
    await chooseColorTheme('Dark Modern');
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Control+W');
  });
});
