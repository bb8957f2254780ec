CREATE TABLE "communications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"in_response_to" uuid,
	"author_kind" text NOT NULL,
	"author_id" text NOT NULL,
	"author_display" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	"attachments" jsonb NOT NULL,
	"preserved" jsonb
);
--> statement-breakpoint
CREATE TABLE "request_identifiers" (
	"request_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"system" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_versions" (
	"request_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"snapshot" jsonb NOT NULL,
	CONSTRAINT "request_versions_request_id_version_pk" PRIMARY KEY("request_id","version")
);
--> statement-breakpoint
CREATE TABLE "used_assertions" (
	"client_id" text NOT NULL,
	"jti" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "used_assertions_client_id_jti_pk" PRIMARY KEY("client_id","jti")
);
--> statement-breakpoint
ALTER TABLE "consultation_requests" ALTER COLUMN "patient_birth_date" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "identifiers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "preserved" jsonb;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "authored_at" timestamp with time zone NOT NULL;--> statement-breakpoint
ALTER TABLE "communications" ADD CONSTRAINT "communications_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_identifiers" ADD CONSTRAINT "request_identifiers_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_versions" ADD CONSTRAINT "request_versions_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communications_request_idx" ON "communications" USING btree ("request_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "request_identifiers_unique_idx" ON "request_identifiers" USING btree ("organisation_id","system","value");--> statement-breakpoint
CREATE INDEX "request_identifiers_request_idx" ON "request_identifiers" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "used_assertions_expiry_idx" ON "used_assertions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "requests_organisation_authored_idx" ON "consultation_requests" USING btree ("organisation_id","authored_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "requests_service_authored_idx" ON "consultation_requests" USING btree ("service_id","authored_at" DESC NULLS LAST,"id" DESC NULLS LAST);