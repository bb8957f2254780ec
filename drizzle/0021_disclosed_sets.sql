CREATE TABLE "disclosed_set_requests" (
	"set_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	CONSTRAINT "disclosed_set_requests_set_id_request_id_pk" PRIMARY KEY("set_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "disclosed_sets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"day" date NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_log" ADD COLUMN "disclosed_set" uuid;--> statement-breakpoint
CREATE INDEX "disclosed_set_requests_request_idx" ON "disclosed_set_requests" USING btree ("request_id","set_id");--> statement-breakpoint
CREATE INDEX "disclosed_sets_day_idx" ON "disclosed_sets" USING btree ("day");--> statement-breakpoint
CREATE INDEX "access_log_disclosed_set_idx" ON "access_log" USING btree ("disclosed_set","id") WHERE "access_log"."disclosed_set" is not null;