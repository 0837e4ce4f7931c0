import * as assert from 'node:assert/strict';
import { PrivacyGuard } from '../../src/core/policy/privacy';
import { normalisePath, pathSpellings } from '../../src/core/security/paths';

describe('local-only paths, matched on the normalised path', () => {
  const guard = new PrivacyGuard();
  const project = { cwd: '/home/ana/shop', roots: ['/home/ana/shop'] };
  const localOnly = (path: string, base = project) => guard.checkPaths([path], base).localOnly;

  it('resolves . and .. against the current folder before matching', () => {
    for (const path of ['./.env', '.env', 'sub/../.env', '../shop/.env', './secrets/x.yaml', 'secrets/./x.yaml', './keys/a.pem', '/home/ana/shop/config/.env.production']) {
      assert.equal(localOnly(path), true, path);
    }
    // From a sub-folder, a file beside it in another folder.
    assert.equal(localOnly('../x/.env', { cwd: '/home/ana/shop/sub', roots: ['/home/ana/shop/sub'] }), true);
    assert.equal(localOnly('./src/orders.py'), false);
    assert.equal(localOnly('src/environment.ts'), false);
  });

  it('folds Windows separators, drive letters, case and the names Windows ignores', () => {
    const windows = { cwd: 'C:\\Users\\ana\\shop', roots: ['C:\\Users\\ana\\shop'] };
    for (const path of ['.\\.env', 'sub\\..\\.env', 'C:\\Users\\ana\\shop\\secrets\\db.yaml', 'c:/users/ana/shop/KEYS/A.PEM', '.ENV', '.env.', '.env ', '.env::$DATA', 'file:///c%3A/Users/ana/shop/.env']) {
      assert.equal(localOnly(path, windows), true, path);
    }
    assert.equal(localOnly('.\\src\\orders.py', windows), false);
  });

  it('matches a file outside every workspace folder by the trailing parts of its path', () => {
    assert.equal(localOnly('/etc/app/secrets/token.txt'), true);
    assert.equal(localOnly('/tmp/.env.local'), true);
    assert.equal(localOnly('../../other/.env', { cwd: '/a/b', roots: [] }), true);
    assert.equal(localOnly('../../other/readme.md', { cwd: '/a/b', roots: [] }), false);
  });

  it('matches a glob anchored at the workspace folder only there, and an absolute glob on the absolute path', () => {
    const anchored = new PrivacyGuard(['config/prod.yaml', '/srv/vault/**']);
    assert.equal(anchored.checkPaths(['./config/../config/prod.yaml'], project).localOnly, true);
    assert.equal(anchored.checkPaths(['src/config/prod.yaml'], project).localOnly, false);
    assert.equal(anchored.checkPaths(['/srv/vault/../vault/a.txt'], project).localOnly, true);
  });

  it('checks every file a task comes from, and names the file and the pattern', () => {
    const verdict = guard.check(['src/a.ts', 'deploy/.env'], [{ text: 'const a = 1;', label: 'the code' }], project);
    assert.equal(verdict.localOnly, true);
    assert.match(verdict.reason ?? '', /deploy\/\.env matches the local-only pattern \*\*\/\.env\*/);
  });

  it('normalises one way everywhere', () => {
    assert.equal(normalisePath('sub/../.env', project), '/home/ana/shop/.env');
    assert.equal(normalisePath('C:\\A\\b\\..\\C.txt'), 'c:/a/c.txt');
    assert.equal(normalisePath('../a', undefined), '../a');
    assert.deepEqual(pathSpellings('/home/ana/shop/secrets/x.yaml', project), ['secrets/x.yaml']);
    assert.deepEqual(pathSpellings('/etc/x/y'), ['etc/x/y', 'x/y', 'y']);
  });
});
