import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/vscode/ids';
import { activatedExtension } from './extension';

const answers = async (url: string, headers: Record<string, string> = {}) => {
  try {
    return (await fetch(url, { headers })).status;
  } catch {
    return 0;
  }
};

describe('the local gateway in VS Code', () => {
  before(async () => {
    await activatedExtension();
  });

  it('starts on loopback, hands out its setup with a token it keeps, and stops', async () => {
    const url = await vscode.commands.executeCommand<string | undefined>(Commands.startGateway);
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await answers(`${url}/`), 200);
    assert.equal(await answers(`${url}/v1/models`), 401, 'a token is required');

    await vscode.commands.executeCommand(Commands.copyClaudeCodeSetup);
    const setup = await vscode.env.clipboard.readText();
    assert.match(setup, new RegExp(`ANTHROPIC_BASE_URL=${url}`));
    const token = /ANTHROPIC_AUTH_TOKEN=(\S+)/.exec(setup)?.[1] ?? '';
    assert.match(token, /^llmr-/);
    assert.equal(await answers(`${url}/v1/models`, { authorization: `Bearer ${token}` }), 200);

    await vscode.commands.executeCommand(Commands.stopGateway);
    assert.equal(await answers(`${url}/`), 0, 'nothing listens once stopped');
    const again = await vscode.commands.executeCommand<string | undefined>(Commands.startGateway);
    await vscode.commands.executeCommand(Commands.copyClaudeCodeSetup);
    assert.ok((await vscode.env.clipboard.readText()).includes(token), 'the same token after a restart');
    assert.equal(typeof again, 'string');
    await vscode.commands.executeCommand(Commands.stopGateway);
  });
});
