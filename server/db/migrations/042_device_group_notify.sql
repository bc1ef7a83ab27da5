-- The live stream filters a group-scoped member's events by each vehicle's group (issue 15,
-- S5). When a vehicle moves to another group, or a vehicle appears, every instance must know at
-- once, or an open stream keeps the scope it had at connect: NOTIFY device_group_changed
-- '<tenant id>:<device id>:<group id or empty>' at commit.
CREATE FUNCTION stream_device_group_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  BEGIN
    PERFORM pg_notify('device_group_changed', NEW.tenant_id || ':' || NEW.id || ':' || coalesce(NEW.group_id::text, ''));
    RETURN NULL;
  END
  $$;
CREATE TRIGGER devices_group_changed AFTER INSERT OR UPDATE OF group_id ON devices
  FOR EACH ROW EXECUTE FUNCTION stream_device_group_changed();
