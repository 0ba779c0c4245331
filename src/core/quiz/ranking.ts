/**
 * Places with ties shared ("1, 2, 2, 4"): people with the same points share a place and
 * the next place skips accordingly. Within a tie, names sort alphabetically for display.
 */
export function rankByPoints<T extends { points: number; displayName: string }>(rows: readonly T[]): (T & { place: number })[] {
  const sorted = [...rows].sort((a, b) => b.points - a.points || a.displayName.localeCompare(b.displayName));
  const out: (T & { place: number })[] = [];
  sorted.forEach((row, i) => {
    const prev = out[i - 1];
    const place = prev && prev.points === row.points ? prev.place : i + 1;
    out.push({ ...row, place });
  });
  return out;
}

/** "1st", "2nd", "3rd", "11th", "22nd"… */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}
