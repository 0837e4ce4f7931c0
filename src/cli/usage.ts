import { DEFAULT_CLASSIFIER_OPTIONS } from '../core/classifier/classifierOptions';

// Every command's usage, kept apart from the commands: `llm-router --help` prints them without loading any command.

export const CLASSIFY_USAGE = `llm-router classify --input <tasks.jsonl|-> [--max-local-tokens N] [--profile economy|balanced|quality]
  Decides local or cloud for each task, without calling any model.
  Input lines: {"id", "instruction", "code", "language", "path"?}
  Output lines: {"id", "route", "category", "score", "tokens", "reasons"}
  --max-local-tokens: prompts above this go to the cloud (default ${DEFAULT_CLASSIFIER_OPTIONS.maxLocalTokens}).
  --profile: how uncertain tasks are settled (default balanced; economy keeps more local, quality sends more to the cloud).`;

export const ROUTE_USAGE = `llm-router route --instruction "<task>" [--file path[:start-end]] [--json] [--dry-run] [--allow-large] [--config settings.json]
  Runs one task end to end: classify, choose the chain, call the models, check the answer.
  The answer goes to stdout; the decision and every fallback to stderr (or all of it as JSON with --json).
  --dry-run shows the decision and the chain without calling any model.
  Start the instruction with /local or /cloud to choose the route yourself.
  --allow-large lets a prompt over llmRouter.cloud.maxUploadTokens (200,000) leave this machine;
  without it such a prompt runs only locally, or is refused.
  With llmRouter.adaptive.enabled in the settings, the personal correction VS Code learned from
  your results applies too (read from its ledger folder, or LLM_ROUTER_LEDGER; never written).`;

export const BATCH_USAGE = `llm-router batch <tasks.jsonl|-> [--parallel N] [--output results.jsonl] [--summary summary.json] [--config settings.json]
                   [--record] [--ledger folder] [--allow-large]
  Runs many tasks (nightly jobs). Input lines: {"id", "instruction", "code", "language", "path"?}.
  Writes one JSON line per task as it finishes (to --output, else stdout), then a summary per
  target (requests, tokens, cost, latency) and the savings against all-cloud to stderr
  (and as JSON to --summary). Ctrl+C stops cleanly: every finished result is already written.
  --record adds the records to VS Code's ledger (or LLM_ROUTER_LEDGER, or --ledger), so the
  savings panel and reports count nightly runs too.
  --allow-large lets prompts over llmRouter.cloud.maxUploadTokens leave this machine.`;

export const REPORT_USAGE = `llm-router report [--week 2026-W47 | --month 2026-11 | --from 2026-11-01 --to 2026-11-15]
                   [--format text|md|csv|json] [--output file] [--ledger folder] [--config settings.json]
  The routing report from the ledger: requests, latency and cost per model, the all-cloud
  baseline and savings, and the fallback analysis. Default: this week, as text. The ledger is
  VS Code's (or LLM_ROUTER_LEDGER); batch --ledger adds nightly runs to it.`;

export const SERVE_USAGE = `llm-router serve [--port N] [--config settings.json] [--ledger folder]
  Runs the local gateway on 127.0.0.1 (default port 4141; 0 picks a free one) for Claude Code,
  Cline, Continue and scripts: the Anthropic Messages API (/v1/messages, count_tokens, /v1/models)
  and the OpenAI Chat Completions API. Each request is routed like an editor task: Claude gets it
  unchanged, or a local model answers it. Prints ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN once;
  the token is LLM_ROUTER_GATEWAY_TOKEN when set, else a new one. Every request is in the ledger.`;

export const STATUS_USAGE = `llm-router status [--json] [--port N] [--config settings.json] [--ledger folder]
  The local engine, whether the gateway answers on its port (default 4141), and today's and this
  month's routing by model from the ledger: requests, tokens, cost and savings.`;

export const OLLAMA_USAGE = `llm-router ollama status|on|off [--config settings.json]
  status: whether Ollama answers and has the model. on: starts ollama serve when no server
  answers (llmRouter.ollama.path). off: stops only a server llm-router started, never one someone
  else runs.`;

export const USAGE = `Usage: llm-router <command> [options]

Commands:
${[CLASSIFY_USAGE, ROUTE_USAGE, BATCH_USAGE, REPORT_USAGE, SERVE_USAGE, STATUS_USAGE, OLLAMA_USAGE].map((text) => `  ${text.replace(/\n/g, '\n  ')}`).join('\n\n')}

Environment: ANTHROPIC_API_KEY (Claude), OLLAMA_HOST (default 127.0.0.1:11434),
LLM_ROUTER_OPENAI_API_KEY (an OpenAI-compatible server started with a key),
LLM_ROUTER_LEDGER (the ledger folder for batch --ledger, report, serve and status),
LLM_ROUTER_GATEWAY_TOKEN (the token serve accepts).
`;
