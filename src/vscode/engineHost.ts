import type * as vscode from 'vscode';
import type { RouterEngine } from '../core/engine/routerEngine';
import type { RecordSink, TaskRecord } from '../core/engine/taskRecord';
import type { PathBase } from '../core/security/paths';
import type { SecretScrubber } from '../core/security/scrub';
import type { LedgerService } from './ledgerService';
import type { TelemetryExport } from './telemetryExport';
import type { SettingsStore } from './settings';

/** Where a key comes from (an ApiKeyStore). */
export interface KeySource {
  get(): Promise<string | undefined>;
}

export interface EngineHostExtras {
  /** The key of an OpenAI-compatible server started with one. */
  readonly openaiCompatibleKeys?: KeySource;
  readonly telemetry?: TelemetryExport;
  readonly pathBase?: () => PathBase | undefined;
  /** Shared with the log channel, so both leave out the same secrets. */
  readonly scrubber?: SecretScrubber;
}

/**
 * Creates the routing engine on first use. The engine pulls in the model clients, so it is
 * loaded by a dynamic import after activation, never during it.
 */
export class EngineHost {
  private engine: Promise<RouterEngine> | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly keys: KeySource,
    private readonly log: vscode.LogOutputChannel,
    private readonly ledger: LedgerService,
    private readonly localPaused: () => boolean,
    private readonly extras: EngineHostExtras = {},
  ) {}

  /** Where the engine's records go (log, telemetry, ledger); the gateway records what Claude answered through it too. */
  readonly sink: RecordSink = { write: (record) => this.record(record) };

  get loaded(): boolean {
    return this.engine !== undefined;
  }

  get(): Promise<RouterEngine> {
    const { openaiCompatibleKeys, pathBase, scrubber } = this.extras;
    // The month's spending must be known before the first task, for the budget.
    this.engine ??= Promise.all([import('../core/engine/routerEngine'), this.ledger.ready()]).then(
      ([{ RouterEngine }]) =>
        new RouterEngine({
          settings: () => this.settings.current,
          ...(process.env.OLLAMA_HOST === undefined ? {} : { ollamaHostFromEnvironment: process.env.OLLAMA_HOST }),
          anthropicKey: () => this.keys.get(),
          ...(openaiCompatibleKeys === undefined ? {} : { openaiCompatibleKey: () => openaiCompatibleKeys.get() }),
          sink: this.sink,
          onShadow: async (result) => {
            this.log.info(`task ${result.taskId}: background comparison on ${result.model} ${result.passed ? 'passed: the cloud was not needed' : `failed (${result.reason ?? 'no answer'})`}`);
            await this.ledger.recordShadow(result).catch((error: Error) => this.log.error(`ledger: could not append a comparison: ${error.message}`));
          },
          spend: { monthToDateUsd: (now) => this.ledger.tally.monthCostUsd(now) },
          localPaused: this.localPaused,
          ...(pathBase === undefined ? {} : { pathBase }),
          ...(scrubber === undefined ? {} : { scrubber }),
          adaptive: this.ledger.adaptive,
        }),
    );
    return this.engine;
  }

  private async record(record: TaskRecord): Promise<void> {
    const attempts = record.attempts.map((attempt) => `${attempt.targetId}${attempt.retry > 0 ? `#${attempt.retry + 1}` : ''} ${attempt.outcome}${attempt.reason === undefined ? '' : ` (${attempt.reason})`} ${attempt.latencyMs} ms`).join('; ');
    const line = `task ${record.id} ${record.outcome} · ${record.decision.category} · ${record.final === undefined ? 'no answer' : `${record.final.targetId} (${record.final.model})`} · ${record.latencyMs} ms · $${record.costUsd.toFixed(4)} · attempts: ${attempts || 'none'}`;
    if (record.outcome === 'answered' || record.outcome === 'editor-action') this.log.info(line);
    else this.log.warn(`${line}${record.failure === undefined ? '' : ` · ${record.failure}`}`);
    this.extras.telemetry?.record(record);
    try {
      await this.ledger.record(record);
    } catch (error) {
      this.log.error(`ledger: could not append task ${record.id}: ${(error as Error).message}`);
    }
  }
}
