import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { copySampleWorkspace, startWorkspaceFolder } from '../harness/workspace';

/** The nearest folder at or above `folder` that holds a git repository: VS Code offers to open it. */
function gitRepositoryAbove(folder: string): string | undefined {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

describe('the sample workspace the harness opens', () => {
  it('for `npm start` lies outside the clone and any git repository, so VS Code asks nothing about one', () => {
    assert.equal(gitRepositoryAbove(startWorkspaceFolder()), undefined, startWorkspaceFolder());
  });

  it('for the tests is a fresh copy outside any git repository', () => {
    const workspace = copySampleWorkspace();
    try {
      assert.equal(gitRepositoryAbove(workspace), undefined, workspace);
      assert.ok(existsSync(join(workspace, 'src', 'cart.ts')));
    } finally {
      rmSync(dirname(workspace), { recursive: true, force: true });
    }
  });
});
