/**
 * The owner connection (DATABASE_URL) runs migrations and bootstrap only. Requests are served
 * through a separate login role whose name is derived from the database name, because roles
 * are cluster-wide while our secrets live per database: two databases on one cluster (staging
 * and production, or one per test file) must not fight over one role's password.
 */
export function appRoleName(ownerUrl: string): string {
  const base = databaseName(ownerUrl)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const name = `${/^[a-z_]/.test(base) ? base : `db_${base}`}_app`;
  // PostgreSQL truncates identifiers at 63 bytes; truncate ourselves so the name we store is real.
  return name.slice(0, 63);
}

export function databaseName(connectionString: string): string {
  const url = parsePostgresUrl(connectionString);
  const fromPath = decodeURIComponent(url.pathname.replace(/^\//, ''));
  // libpq's rule: without a database name, the database is named like the user.
  return fromPath || decodeURIComponent(url.username) || 'postgres';
}

/** The owner URL with the app role's credentials swapped in (same host, port, database, TLS). */
export function appConnectionString(ownerUrl: string, role: string, password: string): string {
  const url = parsePostgresUrl(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

export function parsePostgresUrl(connectionString: string): URL {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected postgres://user:password@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`);
  }
  return url;
}

/** Connection string without the password, for logs and error messages. */
export function redactedUrl(connectionString: string): string {
  const url = parsePostgresUrl(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}
