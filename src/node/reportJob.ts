import type { ByteRange, EditorOutcome, ShadowResult } from '../core/ledger/ledger';
import type { PricingOptions } from '../core/pricing/prices';
import type { ReportTally } from '../core/reports/ledgerReport';

/** One worker's share of a report: a byte range of one ledger file, with everything needed to tally it. */
export interface ReportJob {
  readonly folder: string;
  readonly file: string;
  readonly range: ByteRange;
  /** Whether the range ends at the end of the file (only then is an unterminated last line torn). */
  readonly lastRange: boolean;
  readonly period: { readonly from: string; readonly to: string; readonly label: string };
  readonly baselineModel: string;
  readonly pricing: PricingOptions;
  readonly maxLocalTokens: number;
  readonly categoryRoutes?: Readonly<Record<string, 'local' | 'cloud'>>;
  readonly outcomes: readonly (readonly [string, EditorOutcome])[];
  readonly shadows: readonly (readonly [string, ShadowResult])[];
}

export interface ReportJobResult {
  readonly tally: ReportTally;
  /** Lines that could not be read. */
  readonly problems: number;
}
