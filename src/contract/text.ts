/** Plain-text helpers shared by every surface's replies and the core's. */

/** Text echoed back stays short whatever was typed: cut at `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A date as `2026-12-06` (UTC), for "when" in replies. */
export function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
