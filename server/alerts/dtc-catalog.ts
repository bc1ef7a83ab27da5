import type { FleetDb } from '../db/fleet-db.ts';

let catalog: Map<string, string> | null = null;

/** The descriptions of common OBD-II codes (migration 021), loaded once per process. */
export async function loadDtcCatalog(db: FleetDb): Promise<(code: string) => string | null> {
  if (!catalog) {
    const result = await db.query<{ code: string; description: string }>('SELECT code, description FROM dtc_descriptions');
    catalog = new Map(result.rows.map((r) => [r.code, r.description]));
  }
  const known = catalog;
  return (code) => known.get(code) ?? null;
}
