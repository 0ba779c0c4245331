import type { Period } from '../../contract/inbound.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Start of the window for `7d`, `30d`, `all`. */
export function periodStart(period: Period, now: number): number {
  switch (period) {
    case '7d':
      return now - 7 * DAY_MS;
    case '30d':
      return now - 30 * DAY_MS;
    case 'all':
      return 0;
  }
}

export function periodLabel(period: Period): string {
  return period === 'all' ? 'all time' : `the last ${period === '7d' ? '7' : '30'} days`;
}

export function percent(correct: number, attempts: number): string {
  return attempts === 0 ? '–' : `${Math.round((100 * correct) / attempts)}%`;
}
