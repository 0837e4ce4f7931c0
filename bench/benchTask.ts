import { RouterEngine } from '../src/core/engine/routerEngine';
import type { TaskRecord } from '../src/core/engine/taskRecord';
import { readRouterSettings } from '../src/core/settings/routerSettings';
import type { Task } from '../src/core/task';

/** The task every engine measure routes: a type annotation, which goes to the local model. */
export const TASK: Task = { instruction: 'Add type hints', code: 'def total(items):\n    return sum(item["price"] * item["quantity"] for item in items)', language: 'python', path: 'src/orders.py' };
export const REPLY = '```python\ndef total(items: list[dict[str, float]]) -> float:\n    return sum(item["price"] * item["quantity"] for item in items)\n```';

/** An engine with the default settings, its Ollama at `ollamaUrl`, no cloud key. */
export function engineFor(ollamaUrl: string, records?: TaskRecord[]): RouterEngine {
  const { settings } = readRouterSettings((key) => (key === 'llmRouter.ollama.host' ? ollamaUrl : undefined));
  return new RouterEngine({ settings: () => settings, anthropicKey: () => Promise.resolve(undefined), ...(records === undefined ? {} : { sink: { write: (record) => void records.push(record) } }) });
}
