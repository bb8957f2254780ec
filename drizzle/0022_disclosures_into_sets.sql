-- Written by hand (drizzle-kit generate --custom): the disclosures stored one row per call and
-- request (access_log_requests) become disclosed sets, before 0023 drops that table. A successful
-- call discloses the request it names through access_log.request_id; the others it carried go
-- into the set of that day and those requests, named by the same digest store/access-log.ts
-- computes: the first 16 bytes of SHA-256 over "<UTC day>:<request ids, sorted, comma-separated>"
-- (the day written YYYY-MM-DD whatever the server's DateStyle). Instances of an older version
-- still writing disclosures wait until the conversion commits (and then fail on the dropped
-- table: stop them before upgrading, README "Upgrading"), so none is written and then lost.
LOCK TABLE access_log_requests IN SHARE MODE;
--> statement-breakpoint
WITH others AS (
	SELECT r.access_id, (a.at AT TIME ZONE 'UTC')::date AS day,
		string_agg(r.request_id::text, ',' ORDER BY r.request_id::text COLLATE "C") AS ids
	FROM access_log_requests r JOIN access_log a ON a.id = r.access_id
	WHERE a.request_id IS NULL OR r.request_id <> a.request_id
	GROUP BY r.access_id, a.at
), keyed AS (
	SELECT access_id, day, ids, encode(substr(sha256(convert_to(to_char(day, 'YYYY-MM-DD') || ':' || ids, 'UTF8')), 1, 16), 'hex')::uuid AS set_id
	FROM others
), sets AS (
	INSERT INTO disclosed_sets (id, day) SELECT DISTINCT set_id, day FROM keyed ON CONFLICT DO NOTHING
), members AS (
	INSERT INTO disclosed_set_requests (set_id, request_id)
	SELECT DISTINCT k.set_id, m.id::uuid FROM keyed k, unnest(string_to_array(k.ids, ',')) AS m(id)
	ON CONFLICT DO NOTHING
)
UPDATE access_log a SET disclosed_set = k.set_id FROM keyed k WHERE a.id = k.access_id;
