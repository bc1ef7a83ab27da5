-- A trip's start and end addresses, resolved once when the trip closes (decision 0360) instead
-- of by every read: a month's trips report for 1,000 vehicles made 180,000 lookups of the
-- built-in geocoder. Null while a trip is open, and for trips closed before this migration until
-- the backfill (server/trips/trip-addresses.ts) reaches them; readers fall back to a lookup.
-- The contract's Address, as the alerts table keeps it.
ALTER TABLE trips ADD COLUMN start_address jsonb, ADD COLUMN end_address jsonb;
-- The backfill's work list; new closed trips carry their addresses, so it stays near empty.
CREATE INDEX trips_without_address_idx ON trips (tenant_id) WHERE status = 'closed' AND start_address IS NULL;
