-- Liaison's access log is append-only for the application (issue 12, SECURITY.md).
--
-- Run once as the database owner after the migrations, naming the role the application connects
-- with (here `liaison_app`; psql: -v app_role=liaison_app). The owner keeps every right and runs
-- the migrations and the retention job (npm run audit:prune); the application may add to the
-- access log, read it (the privacy officer's answers) and count refusals, never change or delete
-- what is written. Re-run it after a migration that adds a table: new tables get the default
-- grants below.
--
--   psql "$OWNER_DATABASE_URL" -v app_role=liaison_app -f sql/access-log-grants.sql

GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The log of calls, the sets of requests they disclosed, and the log of administrators' changes:
-- insert and read only (a set already written is left alone: insert … on conflict do nothing).
REVOKE UPDATE, DELETE, TRUNCATE ON access_log, disclosed_sets, disclosed_set_requests, administration_log FROM :"app_role";

-- Refusal counters are added to (insert … on conflict do update), never deleted by the app.
REVOKE DELETE, TRUNCATE ON refused_calls FROM :"app_role";
