/** A span of time a report covers: [from, to), in UTC. */
export interface Period {
  readonly from: Date;
  readonly to: Date;
  /** "2026-W47", "2026-11-22", "2026-11", or "2026-11-01 – 2026-11-15". */
  readonly label: string;
}

export const DAY_MS = 86_400_000;

/** A report's period as days: its first and last (its end is exclusive), and "2026-11-16 – 2026-11-22", or one date for a single day. */
export function periodDays(period: { readonly from: string; readonly to: string }): { first: string; last: string; span: string } {
  const first = period.from.slice(0, 10);
  const last = new Date(Date.parse(period.to) - DAY_MS).toISOString().slice(0, 10);
  return { first, last, span: first === last ? first : `${first} – ${last}` };
}

/** The ISO week ("2026-W47") containing `date`. */
export function isoWeekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / DAY_MS + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 UTC of an ISO week to the next Monday, or undefined for a label that is not a week. */
export function weekPeriod(label: string): Period | undefined {
  const match = /^(\d{4})-W(\d{2})$/.exec(label.trim());
  if (match === null) return undefined;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > 53) return undefined;
  const january4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = january4.getTime() - ((january4.getUTCDay() || 7) - 1) * DAY_MS;
  const from = new Date(mondayOfWeek1 + (week - 1) * 7 * DAY_MS);
  if (isoWeekOf(from) !== `${year}-W${match[2]}`) return undefined;
  return { from, to: new Date(from.getTime() + 7 * DAY_MS), label: `${year}-W${match[2]}` };
}

export function dayPeriod(date: Date): Period {
  const from = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return { from, to: new Date(from.getTime() + DAY_MS), label: from.toISOString().slice(0, 10) };
}

export function monthPeriod(date: Date): Period {
  const from = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
  return { from, to: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)), label: from.toISOString().slice(0, 7) };
}

/** The last seven days up to the end of today. */
export function lastSevenDays(date: Date): Period {
  const to = dayPeriod(date).to;
  const from = new Date(to.getTime() - 7 * DAY_MS);
  return { from, to, label: `${from.toISOString().slice(0, 10)} – ${new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10)}` };
}

/** Whole days from `from` to `to` inclusive ("2026-11-01", "2026-11-15"), or undefined when either is not a date or they are reversed. */
export function customPeriod(from: string, to: string): Period | undefined {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(start) || Number.isNaN(end) || end < start) return undefined;
  return { from: new Date(start), to: new Date(end + DAY_MS), label: from === to ? from : `${from} – ${to}` };
}

export function dayKey(at: number): string {
  return new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** The period a picker choice means on `now`: today, this ISO week, this month, or the custom days. */
export function periodOfChoice(choice: { kind: string; from?: string; to?: string }, now: Date): Period | undefined {
  switch (choice.kind) {
    case 'today':
      return dayPeriod(now);
    case 'week':
      return weekPeriod(isoWeekOf(now));
    case 'month':
      return monthPeriod(now);
    case 'custom':
      return choice.from === undefined || choice.to === undefined ? undefined : customPeriod(choice.from, choice.to);
    default:
      return undefined;
  }
}
