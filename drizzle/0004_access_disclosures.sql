CREATE TABLE "access_log_requests" (
	"access_id" bigint NOT NULL,
	"request_id" uuid NOT NULL,
	CONSTRAINT "access_log_requests_access_id_request_id_pk" PRIMARY KEY("access_id","request_id")
);
--> statement-breakpoint
ALTER TABLE "access_log_requests" ADD CONSTRAINT "access_log_requests_access_id_access_log_id_fk" FOREIGN KEY ("access_id") REFERENCES "public"."access_log"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_log_requests_request_idx" ON "access_log_requests" USING btree ("request_id","access_id");