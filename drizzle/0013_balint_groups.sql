CREATE TABLE "case_discussion_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"rhythm_weeks" integer NOT NULL,
	"duration_minutes" integer NOT NULL,
	"session_count" integer,
	"ends_on" text,
	"place" text,
	"video_link" text,
	"working_time" boolean NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_discussion_feedback" (
	"run_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"learnt" text NOT NULL,
	"co_leadership_rating" integer NOT NULL,
	"co_leadership" text,
	"cooperation_change" text NOT NULL,
	"cooperation" text,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_discussion_feedback_run_id_user_id_pk" PRIMARY KEY("run_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "case_discussion_leader_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"text" text NOT NULL,
	"written_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_discussion_items" ALTER COLUMN "request_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "case_discussion_groups" ADD COLUMN "place" text;--> statement-breakpoint
ALTER TABLE "case_discussion_groups" ADD COLUMN "video_link" text;--> statement-breakpoint
ALTER TABLE "case_discussion_groups" ADD COLUMN "working_time" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "kind" text DEFAULT 'referral' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "question" text;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "reflection" text;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "reflection_by" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "reflection_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "shared_to" text;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "shared_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "shared_message_id" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD COLUMN "discipline" text;--> statement-breakpoint
ALTER TABLE "case_discussion_sessions" ADD COLUMN "run_id" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_sessions" ADD COLUMN "status" text DEFAULT 'planned' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_discussion_runs" ADD CONSTRAINT "case_discussion_runs_group_id_case_discussion_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."case_discussion_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_runs" ADD CONSTRAINT "case_discussion_runs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_feedback" ADD CONSTRAINT "case_discussion_feedback_run_id_case_discussion_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."case_discussion_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_feedback" ADD CONSTRAINT "case_discussion_feedback_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_leader_notes" ADD CONSTRAINT "case_discussion_leader_notes_session_id_case_discussion_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."case_discussion_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_leader_notes" ADD CONSTRAINT "case_discussion_leader_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_discussion_runs_group_idx" ON "case_discussion_runs" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE INDEX "case_discussion_leader_notes_session_idx" ON "case_discussion_leader_notes" USING btree ("session_id","written_at");--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_reflection_by_users_id_fk" FOREIGN KEY ("reflection_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_shared_message_id_communications_id_fk" FOREIGN KEY ("shared_message_id") REFERENCES "public"."communications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_sessions" ADD CONSTRAINT "case_discussion_sessions_run_id_case_discussion_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."case_discussion_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_discussion_items_presenter_idx" ON "case_discussion_items" USING btree ("presenter_id") WHERE "case_discussion_items"."shared_to" = 'presenter';--> statement-breakpoint
CREATE INDEX "case_discussion_sessions_run_idx" ON "case_discussion_sessions" USING btree ("run_id","starts_at");