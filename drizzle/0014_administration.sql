CREATE TABLE "refused_calls" (
	"window_start" timestamp with time zone NOT NULL,
	"interaction" text NOT NULL,
	"status" smallint NOT NULL,
	"calls" integer NOT NULL,
	CONSTRAINT "refused_calls_window_start_interaction_status_pk" PRIMARY KEY("window_start","interaction","status")
);
--> statement-breakpoint
CREATE TABLE "administration_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"organisation_id" uuid NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"version" integer NOT NULL,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "sub_specialties" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "business_hours" jsonb DEFAULT '[{"weekday":1,"start":"09:00","end":"17:00"},{"weekday":2,"start":"09:00","end":"17:00"},{"weekday":3,"start":"09:00","end":"17:00"},{"weekday":4,"start":"09:00","end":"17:00"},{"weekday":5,"start":"09:00","end":"17:00"}]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "public_holidays" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "referring_practices" uuid[];--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "identifiers" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "system_clients" ADD COLUMN "jwks_uri" text;--> statement-breakpoint
ALTER TABLE "system_clients" ADD COLUMN "jwks_fetched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "system_clients" ADD COLUMN "side" text;--> statement-breakpoint
ALTER TABLE "system_clients" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "administration_log_organisation_idx" ON "administration_log" USING btree ("organisation_id","id");--> statement-breakpoint
CREATE INDEX "administration_log_entity_idx" ON "administration_log" USING btree ("entity_id","id");--> statement-breakpoint
CREATE INDEX "system_clients_organisation_idx" ON "system_clients" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "access_log_actor_idx" ON "access_log" USING btree ("actor_id","id");