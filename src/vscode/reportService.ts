import { PriceTable } from '../core/pricing/prices';
import { buildReport, type LedgerReport } from '../core/reports/ledgerReport';
import type { Period } from '../core/reports/period';
import { baselineModelOf } from '../core/settings/ledgerSettings';
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
    return buildReport(this.ledger.ledger, {
      period,
      baselineModel: options.baselineModel ?? baselineModelOf(settings.ledger, settings.routing.cloudModel),
      prices: new PriceTable(settings.ledger.pricing),
      maxLocalTokens: settings.maxLocalTokens,
      categoryRoutes: settings.routing.categoryRoutes,
    });
  }
}
