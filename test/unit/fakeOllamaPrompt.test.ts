import * as assert from 'node:assert/strict';
import { startFakeOllama } from '../fakes/ollama';

describe('the fake Ollama’s prompt count', () => {
  it('counts the tools offered, as the chat template puts their definitions in the prompt', async () => {
    const ollama = await startFakeOllama();
    try {
      const chat = async (tools?: unknown[]) => {
        const response = await fetch(`${ollama.url}/api/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'qwen2.5-coder:7b', stream: false, messages: [{ role: 'user', content: 'Rename total to subtotal.' }], ...(tools === undefined ? {} : { tools }) }),
        });
        return ((await response.json()) as { prompt_eval_count: number }).prompt_eval_count;
      };
      const description = 'Performs exact string replacements in files. '.repeat(40);
      const tool = { type: 'function', function: { name: 'Edit', description, parameters: { type: 'object', properties: { file_path: { type: 'string' } } } } };
      const withoutTools = await chat();
      const withTools = await chat([tool]);
      assert.ok(withTools - withoutTools >= description.length / 4, `${withoutTools} prompt tokens without the tool, ${withTools} with it`);
    } finally {
      await ollama.close();
    }
  });
});
