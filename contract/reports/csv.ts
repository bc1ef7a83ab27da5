/**
 * A CSV text cell: neutralised when a spreadsheet would read it as a formula (a vehicle named
 * "=HYPERLINK(…)", an address starting with "+" or "@"), by a leading apostrophe (OWASP's advice
 * for CSV injection), then quoted when needed (RFC 4180: commas, quotes, line breaks).
 */
export function csvText(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One CSV cell: numbers as written by us (never neutralised), text through csvText, empty for null. */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  return typeof value === 'number' ? String(value) : csvText(value);
}
