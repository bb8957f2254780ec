CREATE TABLE "ehr_connections" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"base_url" text NOT NULL,
	"auth" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ehr_connections" ADD CONSTRAINT "ehr_connections_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;