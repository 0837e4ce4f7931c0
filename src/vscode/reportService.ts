import type { LedgerReport, TalliedPeriod } from '../core/reports/ledgerReport';
import type { Period } from '../core/reports/period';
import { baselineModelOf } from '../core/settings/ledgerSettings';
import { tallyFolder } from '../node/parallelReport';
import type { LedgerService } from './ledgerService';
import type { SettingsStore } from './settings';

/** Routing reports from the ledger, priced and judged with the current settings. */
export class ReportService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly settings: SettingsStore,
  ) {}

  async build(period: Period, options: { baselineModel?: string } = {}): Promise<LedgerReport> {
    const { builder, problems } = await this.tally(period, options);
    return builder.build(problems);
  }

  /** The period's tally, to build the report from and add later tasks to (the savings panel). */
  tally(period: Period, options: { baselineModel?: string } = {}): Promise<TalliedPeriod> {
    const settings = this.settings.current;
    return tallyFolder(this.ledger.ledger, this.ledger.folder, {
      period,
      baselineModel: options.baselineModel ?? baselineModelOf(settings.ledger, settings.routing.cloudModel),
      pricing: settings.ledger.pricing,
      maxLocalTokens: settings.maxLocalTokens,
      categoryRoutes: settings.routing.categoryRoutes,
    });
  }
}
