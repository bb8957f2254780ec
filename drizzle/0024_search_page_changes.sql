-- A change of a person or a service (their names and versions are in every kept page's stamps)
-- notifies `liaison_requests_changed` when its transaction commits, whoever made it: the admin
-- command, another instance, SQL by hand. Instances announce their own changes of requests on the
-- same channel after they commit (store/request-changes.ts): a NOTIFY inside every request's
-- transaction would make PostgreSQL commit those one at a time.
CREATE FUNCTION liaison_requests_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('liaison_requests_changed', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
--> statement-breakpoint
CREATE TRIGGER consulting_services_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consulting_services FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
