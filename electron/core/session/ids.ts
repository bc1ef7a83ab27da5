import { createHash } from 'node:crypto';

/** Stable, opaque id of a (server, user) pair; usernames are case-insensitive on the server. */
export function accountIdFor(serverUrl: string, username: string): string {
  return createHash('sha256').update(`${serverUrl}\n${username.toLowerCase()}`).digest('hex').slice(0, 20);
}

export function workspaceIdFor(accountId: string, tenantId: string): string {
  return `${accountId}:${tenantId}`;
}
