DROP INDEX "case_discussion_people_user_idx";--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD COLUMN "status" text DEFAULT 'invited' NOT NULL;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD COLUMN "invited_by" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD COLUMN "invited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD COLUMN "responded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_discussion_people" ADD CONSTRAINT "case_discussion_people_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_discussion_items_session_request_idx" ON "case_discussion_items" USING btree ("session_id","request_id");--> statement-breakpoint
CREATE INDEX "case_discussion_people_user_idx" ON "case_discussion_people" USING btree ("user_id","status");