/** The file formats a report is written in (console export and scheduled e-mail alike). */
export const reportFormats = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportMime: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
};

/** A file name from its parts: letters (å, ä, ö too), digits, dots and dashes; anything else becomes "_". */
export function exportFileName(parts: readonly string[], extension: string): string {
  const base = parts.join('-').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/_+/g, '_');
  return `${base}.${extension}`;
}
