import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type * as TypeScript from 'typescript';
import { ScriptErrorFinder } from '../core/gates/scriptErrors';
import type { ScriptCheckReply, ScriptCheckRequest, ScriptCheckSetup } from './workerScriptChecker';

/** The checking thread of WorkerScriptChecker: loads the given TypeScript once and answers each check. */
const { typescriptPath } = workerData as ScriptCheckSetup;
const ts = createRequire(__filename)(typescriptPath) as typeof TypeScript;
const libraryDir = dirname(typescriptPath);
const finder = new ScriptErrorFinder(ts, (fileName) => {
  try {
    return readFileSync(join(libraryDir, fileName), 'utf8');
  } catch {
    return undefined;
  }
});

parentPort?.on('message', ({ id, check }: ScriptCheckRequest) => {
  let reply: ScriptCheckReply;
  try {
    reply = { id, errors: finder.errorsIn(check) };
  } catch (error) {
    reply = { id, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
