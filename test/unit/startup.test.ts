import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../data/datasets';

const SDKS = /node_modules[\\/](@anthropic-ai[\\/]sdk|openai|ollama|@opentelemetry)[\\/]/;

describe('start-up cost', () => {
  it('llm-router --help needs nothing but its own file: no command, no engine, no SDK is loaded', () => {
    const alone = mkdtempSync(join(tmpdir(), 'llm-router-help-'));
    copyFileSync(join(REPO_ROOT, 'dist', 'cli.js'), join(alone, 'cli.js'));
    const help = spawnSync(process.execPath, [join(alone, 'cli.js'), '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /llm-router route --instruction/);
    const command = spawnSync(process.execPath, [join(alone, 'cli.js'), 'classify', '--input', '-'], { encoding: 'utf8', input: '' });
    assert.notEqual(command.status, 0, 'a command does need the commands bundle beside it');
  });

  it('loading the commands and the engine evaluates no model client or telemetry SDK until a request needs one', () => {
    const probe = `require(${JSON.stringify(join(REPO_ROOT, 'out', 'src', 'cli', 'commands.js'))});
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((path) => ${SDKS.toString()}.test(path))));`;
    const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), []);
  });
});
