import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A form that belongs to one row of an admin table, opened right under that row (issue 12: next
 * to the row clicked, never below the whole table or above it) and scrolled into view, so the
 * person sees what they are editing beside the row it edits.
 */
export function RowEditor({ columns, children }: { columns: number; children: ReactNode }) {
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    // A block, not an expression: Chromium's scrollIntoView now returns a promise, which React
    // would take for the effect's cleanup and call on unmount.
    void row.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <tr ref={row} className="admin-table__editor">
      <td colSpan={columns}>{children}</td>
    </tr>
  );
}
