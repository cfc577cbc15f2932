// Folder names that sort by creation time: run ids and report folders both start with it.

/** "2026-11-30T07-45-31-123": the UTC time with the characters file systems dislike replaced. */
export function timestampName(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-').replace('Z', '');
}
