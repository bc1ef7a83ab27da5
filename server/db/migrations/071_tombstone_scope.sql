-- Tombstones carry the scope of what they bury (issue 15 S6, decision 0140).
-- A "since" sync answers deleted ids from monitoring_tombstones, which had only a tenant rule:
-- a dispatcher limited to one group learned the ids of geofences deleted in other groups (and
-- of trips recomputed away on other groups' vehicles). Each tombstone now records what decided
-- who could see the row while it lived, and a restrictive policy applies the same rule as the
-- live table's group_scope policy:
--   geofence: its group (group_id), or tenant_wide when it had none;
--   trip:     its vehicle (device_id), judged by the vehicle's current group like trips are.
-- Rows written before this migration have neither: their scope is unknown, so only unscoped
-- sessions (who see everything) still receive them.
ALTER TABLE monitoring_tombstones
  ADD COLUMN group_id uuid,
  ADD COLUMN device_id uuid,
  ADD COLUMN tenant_wide boolean NOT NULL DEFAULT false;

CREATE POLICY group_scope ON monitoring_tombstones AS RESTRICTIVE USING ((SELECT app_current_group_ids()) IS NULL
  OR (kind = 'geofence' AND (tenant_wide OR group_id = ANY ((SELECT app_current_group_ids())::uuid[])))
  OR (kind = 'trip' AND device_id IN (SELECT d.id FROM devices d WHERE d.group_id = ANY ((SELECT app_current_group_ids())::uuid[]))));
