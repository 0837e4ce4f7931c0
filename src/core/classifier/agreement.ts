import type { Route } from '../task';

export interface AgreementReport {
  readonly total: number;
  /** Share of tasks routed as labelled. */
  readonly agreement: number;
  /** Share of cloud-labelled tasks routed to the cloud (sending hard work local is the costly mistake). */
  readonly cloudRecall: number;
  /** Share of tasks routed local. */
  readonly localShare: number;
  /** Share of tasks labelled local. */
  readonly labelledLocalShare: number;
  readonly misrouted: readonly string[];
}

/** Compares routes with human labels; used by the tests and by `npm run bench`. */
export function measureAgreement(results: readonly { id: string; label: Route; route: Route }[]): AgreementReport {
  const total = results.length;
  const cloudLabelled = results.filter((result) => result.label === 'cloud');
  const share = (count: number, of: number) => (of === 0 ? 1 : Math.round((count / of) * 10_000) / 10_000);
  return {
    total,
    agreement: share(results.filter((result) => result.label === result.route).length, total),
    cloudRecall: share(cloudLabelled.filter((result) => result.route === 'cloud').length, cloudLabelled.length),
    localShare: share(results.filter((result) => result.route === 'local').length, total),
    labelledLocalShare: share(total - cloudLabelled.length, total),
    misrouted: results.filter((result) => result.label !== result.route).map((result) => result.id),
  };
}
