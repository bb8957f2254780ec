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
CREATE TABLE "case_discussion_attendance" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"present" boolean NOT NULL,
	CONSTRAINT "case_discussion_attendance_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_discussion_groups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"service_id" uuid NOT NULL,
	"name" text NOT NULL,
	"cadence_weeks" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_discussion_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"presenter_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"position" integer NOT NULL,
	"conclusions" text
);
--> statement-breakpoint
CREATE TABLE "case_discussion_people" (
	"group_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "case_discussion_people_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_discussion_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "consultation_requests" ALTER COLUMN "patient_birth_date" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "consultation_requests" ALTER COLUMN "consent_recorded_at" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "consulting_services" ADD COLUMN "reconsult_months" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "sub_specialty" text;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "patient_language" text;--> statement-breakpoint
ALTER TABLE "clinician_availability" ADD CONSTRAINT "clinician_availability_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinician_profiles" ADD CONSTRAINT "clinician_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_attendance" ADD CONSTRAINT "case_discussion_attendance_session_id_case_discussion_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."case_discussion_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_attendance" ADD CONSTRAINT "case_discussion_attendance_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_groups" ADD CONSTRAINT "case_discussion_groups_service_id_consulting_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."consulting_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_session_id_case_discussion_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."case_discussion_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_request_id_consultation_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."consultation_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_presenter_id_users_id_fk" FOREIGN KEY ("presenter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD CONSTRAINT "case_discussion_people_group_id_case_discussion_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."case_discussion_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD CONSTRAINT "case_discussion_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_sessions" ADD CONSTRAINT "case_discussion_sessions_group_id_case_discussion_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."case_discussion_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_discussion_attendance_user_idx" ON "case_discussion_attendance" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "case_discussion_items_session_idx" ON "case_discussion_items" USING btree ("session_id","position");--> statement-breakpoint
CREATE INDEX "case_discussion_items_request_idx" ON "case_discussion_items" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "case_discussion_people_user_idx" ON "case_discussion_people" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "case_discussion_sessions_group_idx" ON "case_discussion_sessions" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE INDEX "requests_service_submitted_idx" ON "consultation_requests" USING btree ("service_id","submitted_at");--> statement-breakpoint
CREATE INDEX "requests_assignee_open_idx" ON "consultation_requests" USING btree ("assignee_id") WHERE "consultation_requests"."state" in ('submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given');