import type { LedgerReport } from '../core/reports/ledgerReport';
import type { Period } from '../core/reports/period';
import { baselineModelOf } from '../core/settings/ledgerSettings';
import { buildReportFromFolder } from '../node/parallelReport';
import type { LedgerService } from './ledgerService';
import type { SettingsStore } from './settings';

/** Routing reports from the ledger, priced and judged with the current settings. */
export class ReportService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly settings: SettingsStore,
  ) {}

  async build(period: Period, options: { baselineModel?: string } = {}): Promise<LedgerReport> {
    const settings = this.settings.current;
    return buildReportFromFolder(this.ledger.ledger, this.ledger.folder, {
      period,
      baselineModel: options.baselineModel ?? baselineModelOf(settings.ledger, settings.routing.cloudModel),
      pricing: settings.ledger.pricing,
      maxLocalTokens: settings.maxLocalTokens,
      categoryRoutes: settings.routing.categoryRoutes,
    });
  }
}
