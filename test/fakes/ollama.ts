import type { ServerResponse } from 'node:http';
import { clientGone, dropConnection, paceTokens, planStream, sendJson, stallUntilClientLeaves, startFake, tornHalf, waitLatency, type RunningFake } from './http';
import { estimateTokens, replyText, FakeScript, toolInputText, type Turn } from './script';

/** A faithful loopback Ollama (REST API as in api-facts.md §1): NDJSON streams, nanosecond metrics, omitempty. */
export interface FakeOllama extends RunningFake {
  readonly script: FakeScript;
  /** Installed models, as `/api/tags` lists them; `/api/pull` adds to it. */
  readonly models: Set<string>;
}

export interface FakeOllamaOptions {
  readonly models?: readonly string[];
  readonly version?: string;
  readonly script?: FakeScript;
  /** Context length reported by /api/ps (the loaded context). */
  readonly contextLength?: number;
  /** The model's largest context, reported by /api/show (default 32768). */
  readonly modelContextLength?: number;
  readonly idleTimeoutMs?: number;
  /** A fixed port (the fake `ollama serve` binds OLLAMA_HOST's); ephemeral otherwise. */
  readonly port?: number;
}


export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const script = options.script ?? new FakeScript();
  const models = new Set((options.models ?? ['qwen2.5-coder:7b', 'llama3.1:8b']).map(withTag));
  const loaded = new Map<string, number>();
  const version = options.version ?? '0.32.15';
  const contextLength = options.contextLength ?? 4096;

  const running = await startFake(async (request, response, body, recorded) => {
    const method = request.method ?? 'GET';
    const path = recorded.path;
    if ((method === 'GET' || method === 'HEAD') && path === '/') {
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(method === 'HEAD' ? undefined : 'Ollama is running');
      return;
    }
    if ((method === 'GET' || method === 'HEAD') && path === '/api/version') return sendJson(response, 200, { version });
    if ((method === 'GET' || method === 'HEAD') && path === '/api/tags') return sendJson(response, 200, { models: [...models].map(describeModel) });
    if (method === 'GET' && path === '/api/ps') {
      const now = Date.now();
      return sendJson(response, 200, {
        models: [...loaded.entries()]
          .filter(([, expires]) => expires > now)
          .map(([name, expires]) => ({ ...describeModel(name), expires_at: new Date(expires).toISOString(), size_vram: 5_137_025_024, context_length: contextLength })),
      });
    }
    if (method !== 'POST') return sendJson(response, 404, { error: '404 page not found' });
    if (body === '' || typeof body !== 'object' || body === null) return sendJson(response, 400, { error: 'missing request body' });
    const fields = body as Record<string, unknown>;
    const model = typeof fields.model === 'string' ? fields.model : typeof fields.name === 'string' ? fields.name : undefined;

    if (path === '/api/show') {
      if (model === undefined) return sendJson(response, 400, { error: 'model is required' });
      if (!models.has(withTag(model))) return sendJson(response, 404, { error: `model '${model}' not found` });
      const family = withTag(model).split(/[:.\d]/)[0] ?? 'llama';
      return sendJson(response, 200, {
        modelfile: `FROM ${model}`,
        parameters: 'stop "<|im_end|>"',
        template: '{{ .Prompt }}',
        details: describeModel(model).details,
        model_info: { 'general.architecture': family, [`${family}.context_length`]: options.modelContextLength ?? 32768 },
        capabilities: ['completion', 'tools'],
        modified_at: '2026-11-01T10:00:00Z',
      });
    }
    if (path === '/api/pull') return pull(response, fields, model, models);
    if (path === '/api/chat' || path === '/api/generate') {
      if (model === undefined) return sendJson(response, 400, { error: 'model is required' });
      const turn = script.next();
      await waitLatency(turn);
      if (turn.fault?.kind === 'model-missing' || !models.has(withTag(model))) return sendJson(response, 404, { error: `model '${model}' not found` });
      if (turn.fault?.kind === 'queue-full' || turn.fault?.kind === 'overloaded') {
        return sendJson(response, 503, { error: 'server busy, please try again.  maximum pending requests exceeded' });
      }
      if (turn.fault?.kind === 'rate-limited') return sendJson(response, 429, { error: 'rate limit exceeded' }, { 'retry-after': String(turn.fault.retryAfterSeconds) });
      if (turn.fault?.kind === 'server-error') return sendJson(response, 500, { error: 'an error was encountered while running the model' });
      const keepAliveMs = keepAlive(fields.keep_alive);
      if (keepAliveMs !== 0) loaded.set(withTag(model), Date.now() + keepAliveMs);
      return generate(response, path === '/api/chat' ? 'chat' : 'generate', model, fields, turn);
    }
    return sendJson(response, 404, { error: '404 page not found' });
  }, options);
  return { ...running, script, models };
}

async function generate(response: ServerResponse, endpoint: 'chat' | 'generate', model: string, fields: Record<string, unknown>, turn: Turn): Promise<void> {
  const started = process.hrtime.bigint();
  const reply = replyText(turn);
  // Ollama renders the tool definitions into the prompt, so they count in prompt_eval_count too.
  const prompt = endpoint === 'chat' ? JSON.stringify([fields.messages ?? [], fields.tools ?? []]) : typeof fields.prompt === 'string' ? fields.prompt : '';
  const promptTokens = turn.promptTokens ?? estimateTokens(prompt);
  const { tokens, sendCount } = planStream(turn, reply);
  const piece = (text: string) =>
    endpoint === 'chat' ? { message: { role: 'assistant', content: text } } : { response: text };
  const finalFields = () => {
    const totalNs = Number(process.hrtime.bigint() - started);
    return omitZero({
      done: true,
      done_reason: turn.stopReason ?? 'stop',
      total_duration: totalNs,
      load_duration: 1_334_875,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: Math.round(totalNs * 0.1),
      eval_count: tokens.length,
      eval_duration: Math.max(1, Math.round(totalNs * 0.9)),
    });
  };
  const head = () => ({ model, created_at: new Date().toISOString() });
  const calls = endpoint === 'chat' ? toolCallsOf(turn) : { calls: [], unparsed: '' };

  if (fields.stream === false) {
    if (turn.fault !== undefined && 'afterTokens' in turn.fault) {
      if (turn.fault.kind === 'drop-connection') return dropConnection(response);
      if (turn.fault.kind === 'stall') return stallUntilClientLeaves(response);
      if (turn.fault.kind === 'malformed-line') {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        response.end(tornHalf(JSON.stringify({ ...head(), ...piece(reply), ...finalFields() })));
        return;
      }
      return sendJson(response, 500, { error: 'an error was encountered while running the model' });
    }
    await paceTokens(response, turn, tokens, tokens.length, () => undefined);
    if (endpoint === 'chat' && (calls.calls.length > 0 || calls.unparsed !== '')) {
      return sendJson(response, 200, { ...head(), message: { role: 'assistant', content: reply + calls.unparsed, ...(calls.calls.length === 0 ? {} : { tool_calls: calls.calls }) }, ...finalFields() });
    }
    return sendJson(response, 200, { ...head(), ...piece(reply), ...finalFields() });
  }

  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const line = (value: object) => response.write(`${JSON.stringify(value)}\n`);
  const chunk = (token: string) => line({ ...head(), ...piece(token), done: false });
  const alive = await paceTokens(response, turn, tokens, sendCount, chunk);
  if (!alive) return;
  switch (turn.fault?.kind) {
    case 'malformed-line': {
      response.write(`${tornHalf(JSON.stringify({ ...head(), ...piece(tokens[sendCount] ?? ''), done: false }))}\n`);
      const rest = tokens.slice(sendCount + 1);
      if (!(await paceTokens(response, { ...turn, timeToFirstTokenMs: 0 }, rest, rest.length, chunk))) return;
      line({ ...head(), ...piece(''), ...finalFields() });
      response.end();
      return;
    }
    case 'stall':
      return stallUntilClientLeaves(response);
    case 'mid-stream-error':
      line({ error: 'an error was encountered while running the model' });
      response.end();
      return;
    case 'no-done':
      response.end();
      return;
    case 'drop-connection':
      dropConnection(response);
      return;
    default:
      // Ollama parses a tool call out of the model's output and sends it whole, in one chunk.
      if (calls.unparsed !== '') chunk(calls.unparsed);
      if (calls.calls.length > 0) line({ ...head(), message: { role: 'assistant', content: '', tool_calls: calls.calls }, done: false });
      line({ ...head(), ...piece(''), ...finalFields() });
      response.end();
  }
}

/** The turn's tool calls as Ollama sends them (arguments an object, no ids); arguments that do not parse stay text, as Ollama leaves them. */
function toolCallsOf(turn: Turn): { calls: object[]; unparsed: string } {
  const calls: object[] = [];
  let unparsed = '';
  for (const call of turn.toolCalls ?? []) {
    const text = toolInputText(call);
    try {
      calls.push({ function: { name: call.name, arguments: JSON.parse(text) as unknown } });
    } catch {
      unparsed += `{"name": "${call.name}", "arguments": ${text}}`;
    }
  }
  return { calls, unparsed };
}

async function pull(response: ServerResponse, fields: Record<string, unknown>, model: string | undefined, models: Set<string>): Promise<void> {
  if (model === undefined) return sendJson(response, 400, { error: 'model is required' });
  if (!/^[\w./-]+(:[\w.-]+)?$/.test(model)) return sendJson(response, 400, { error: 'invalid model name' });
  const total = 4_683_087_332;
  const steps: object[] = [
    { status: 'pulling manifest' },
    { status: 'pulling 60e05f210007', digest: 'sha256:60e05f2100071479f596b964f89f510f057ce397ea22f2833a0cfe029bfc2463', total },
    { status: 'pulling 60e05f210007', digest: 'sha256:60e05f2100071479f596b964f89f510f057ce397ea22f2833a0cfe029bfc2463', total, completed: Math.round(total / 2) },
    { status: 'pulling 60e05f210007', digest: 'sha256:60e05f2100071479f596b964f89f510f057ce397ea22f2833a0cfe029bfc2463', total, completed: total },
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
    { status: 'success' },
  ];
  models.add(withTag(model));
  if (fields.stream === false) return sendJson(response, 200, { status: 'success' });
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const step of steps) {
    if (clientGone(response)) return;
    response.write(`${JSON.stringify(step)}\n`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

function describeModel(name: string) {
  const tagged = withTag(name);
  const family = tagged.split(/[:.\d]/)[0] ?? 'llama';
  const size = /(\d+(\.\d+)?)b/i.exec(tagged)?.[1] ?? '7';
  return {
    name: tagged,
    model: tagged,
    modified_at: '2026-11-01T10:00:00.000000000Z',
    size: Math.round(Number(size) * 620_000_000),
    digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
    details: { parent_model: '', format: 'gguf', family, families: [family], parameter_size: `${size}B`, quantization_level: 'Q4_K_M' },
  };
}

function withTag(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

/** keep_alive as a duration string ("5m", "30s", "1h"), seconds, negative = forever, 0 = unload. */
function keepAlive(value: unknown): number {
  if (typeof value === 'number') return value < 0 ? Number.MAX_SAFE_INTEGER : value * 1000;
  if (typeof value === 'string') {
    const match = /^(-?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
    if (match !== null) {
      const amount = Number(match[1]);
      if (amount < 0) return Number.MAX_SAFE_INTEGER;
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's'] ?? 1000;
      return amount * unit;
    }
  }
  return 5 * 60_000;
}

/** Go's omitempty: metrics fields whose value is 0 are left out entirely. */
function omitZero(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== 0));
}

