DROP INDEX "communications_request_idx";--> statement-breakpoint
CREATE INDEX "request_identifiers_value_idx" ON "request_identifiers" USING btree ("value","system");--> statement-breakpoint
CREATE INDEX "communications_request_idx" ON "communications" USING btree ("request_id","sent_at","id");