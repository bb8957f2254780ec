-- Every statement that changes what a search page reads (requests, their identifiers, the people
-- and services whose names and versions a page's stamps carry) notifies `liaison_requests_changed`
-- once its transaction commits (store/request-changes.ts). An instance keeps a search page's ids
-- while it hears nothing on that channel; any change, from any instance or tool, ends them.
CREATE FUNCTION liaison_requests_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('liaison_requests_changed', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER consultation_requests_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consultation_requests FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
--> statement-breakpoint
CREATE TRIGGER request_identifiers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON request_identifiers FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
--> statement-breakpoint
CREATE TRIGGER consulting_services_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON consulting_services FOR EACH STATEMENT EXECUTE FUNCTION liaison_requests_changed();
