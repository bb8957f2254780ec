CREATE TABLE "communication_identifiers" (
	"communication_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"system" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "task_preserved" jsonb;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "resource_versions" jsonb;--> statement-breakpoint
ALTER TABLE "communication_identifiers" ADD CONSTRAINT "communication_identifiers_communication_id_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."communications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communication_identifiers" ADD CONSTRAINT "communication_identifiers_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "communication_identifiers_unique_idx" ON "communication_identifiers" USING btree ("request_id","system","value");--> statement-breakpoint
CREATE INDEX "communication_identifiers_value_idx" ON "communication_identifiers" USING btree ("value","system");