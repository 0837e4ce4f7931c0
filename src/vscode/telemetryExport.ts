import type * as vscode from 'vscode';
import type { TaskRecord } from '../core/engine/taskRecord';
import type { OtlpTelemetry, TelemetrySettings } from '../core/telemetry/otlpTelemetry';
import type { SettingsStore } from './settings';

/** OpenTelemetry export of each task, when llmRouter.telemetry.otlpEndpoint is set; the exporter loads only then. */
export class TelemetryExport implements vscode.Disposable {
  private current: { key: string; telemetry: Promise<OtlpTelemetry> } | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly version: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  record(record: TaskRecord): void {
    const settings = this.settings.current.telemetry;
    const key = JSON.stringify(settings);
    if (this.current?.key !== key) {
      void this.stop();
      this.current = settings.otlpEndpoint === '' ? undefined : { key, telemetry: this.start(settings) };
    }
    this.current?.telemetry.then((telemetry) => telemetry.record(record)).catch((error: Error) => this.log.error(`OpenTelemetry export: ${error.message}`));
  }

  private async start(settings: TelemetrySettings): Promise<OtlpTelemetry> {
    const { OtlpTelemetry } = await import('../core/telemetry/otlpTelemetry');
    this.log.info(`OpenTelemetry: exporting each task to ${settings.otlpEndpoint}`);
    return new OtlpTelemetry(settings, this.version);
  }

  private async stop(): Promise<void> {
    const running = this.current;
    this.current = undefined;
    if (running !== undefined) await (await running.telemetry).shutdown().catch(() => undefined);
  }

  dispose(): void {
    void this.stop();
  }
}
