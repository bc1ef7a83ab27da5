-- Ingest rewrites every reporting device's device_state row once per batch (decision 0020,
-- round 2). Those updates could never be HOT (heap-only) updates: changed_xid changes on every
-- write and was indexed, so each update inserted a new entry into both indexes and left dead
-- index entries for vacuum. Without the changed_xid index, and with free room on each page
-- (fillfactor), an update stays on its page and touches no index.
--
-- What the index served: the "changed since" sync of device health / latest positions. A
-- tenant's rows are still found by the primary key's tenant_id prefix; the changed_xid range is
-- then a filter over that tenant's rows (one row per device: ~10 ms for 10,000 devices), and
-- while a fleet reports, nearly every row is recent anyway, so the index selected little.
DROP INDEX device_state_changed_idx;
-- New pages keep half their room for updated row versions. Existing pages get it as rows move.
ALTER TABLE device_state SET (fillfactor = 50);
