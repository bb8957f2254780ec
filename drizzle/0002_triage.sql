CREATE TABLE "clinician_availability" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"weekly" jsonb NOT NULL,
	"unavailable" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clinician_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"weekly_capacity" integer,
	"sub_specialties" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_requests" ALTER COLUMN "patient_birth_date" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "consultation_requests" ALTER COLUMN "consent_recorded_at" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "reconsult_months" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "sub_specialty" text;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "patient_language" text;--> statement-breakpoint
ALTER TABLE "clinician_availability" ADD CONSTRAINT "clinician_availability_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinician_profiles" ADD CONSTRAINT "clinician_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "requests_service_submitted_idx" ON "consultation_requests" USING btree ("service_id","submitted_at");--> statement-breakpoint
CREATE INDEX "requests_assignee_open_idx" ON "consultation_requests" USING btree ("assignee_id") WHERE "consultation_requests"."state" in ('submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given');