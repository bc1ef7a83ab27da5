-- GET /readyz answers "ready" only when the database holds every migration this build ships
-- (decision 0211): the API role reads the applied versions, nothing else of the runner's table.
GRANT SELECT ON schema_migrations TO {{app_role}};
