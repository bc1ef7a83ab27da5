import { roles } from './auth.ts';
import { can, permissionDescriptions, permissions } from './permissions.ts';

/**
 * The permission matrix as a Markdown table, for docs/permissions.md and the README. A test
 * checks that the docs hold exactly this table, so docs and enforcement cannot drift apart.
 */
export function permissionMatrixMarkdown(): string {
  const header = `| permission | ${roles.join(' | ')} | allows |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|---|`;
  const rows = permissions.map((p) => `| \`${p}\` | ${roles.map((r) => (can(r, p) ? '✔' : '')).join(' | ')} | ${permissionDescriptions[p]} |`);
  return [header, rule, ...rows].join('\n');
}
