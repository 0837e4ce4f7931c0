import { spentText } from '../core/reports/figureText';
import { formatSaving } from '../core/reports/numbers';
import type { CliIo } from './io';

/** A one-line progress display on a terminal; silent when stderr is not one. */
export class ProgressBar {
  private lastRender = 0;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
  ) {}

  update(state: { done: number; running: number; failed: number; costUsd: number; costUnknownTasks: number; savedUsd: number }, force = false): void {
    if (this.io.stderr.isTTY !== true) return;
    const now = Date.now();
    if (!force && now - this.lastRender < 100) return;
    this.lastRender = now;
    const width = Math.max(10, Math.min(30, (this.io.stderr.columns ?? 80) - 60));
    const filled = this.total === 0 ? width : Math.round((state.done / this.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const failed = state.failed > 0 ? ` · ${state.failed} failed` : '';
    this.io.stderr.write(`\r\x1b[2K${bar} ${state.done}/${this.total} · ${state.running} running${failed} · spent ${spentText(state)} · ${formatSaving(state.savedUsd)}`);
  }

  finish(): void {
    if (this.io.stderr.isTTY === true) this.io.stderr.write('\r\x1b[2K');
  }
}
