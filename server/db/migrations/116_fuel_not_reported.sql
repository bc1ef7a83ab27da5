-- Fuel "not reported" (issue 13): a vehicle-day whose unit never sent a fuel level has no fuel
-- figure (NULL) rather than 0, so the dashboard can tell "burnt nothing" from "not measured";
-- sums over a selection stay NULL when nobody reported fuel (sum() skips NULLs).
ALTER TABLE insights_daily ALTER COLUMN fuel_used_pct DROP NOT NULL;
ALTER TABLE insights_vehicle_daily ALTER COLUMN fuel_used_pct DROP NOT NULL;

-- Days stored before this migration wrote 0 for both cases. A recompute is not possible for days
-- whose positions retention already removed, so a stored 0 becomes "not reported": an OBD unit
-- on a day it drove shows a fall, so the rare day read wrongly is one without any burn.
-- FORCE binds the owner too (a DATABASE_URL owner is no superuser), so it is lifted for the
-- update across tenants and restored in the same transaction.
ALTER TABLE insights_daily NO FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_daily NO FORCE ROW LEVEL SECURITY;
UPDATE insights_daily SET fuel_used_pct = NULL WHERE fuel_used_pct = 0;
UPDATE insights_vehicle_daily SET fuel_used_pct = NULL WHERE fuel_used_pct = 0;
ALTER TABLE insights_daily FORCE ROW LEVEL SECURITY;
ALTER TABLE insights_vehicle_daily FORCE ROW LEVEL SECURITY;
