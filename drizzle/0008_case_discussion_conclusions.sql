ALTER TABLE "case_discussion_items" ADD COLUMN "concluded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "concluded_by" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "outcome_code" text;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "recommendations" jsonb;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD COLUMN "outcome_message_id" uuid;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_concluded_by_users_id_fk" FOREIGN KEY ("concluded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_discussion_items" ADD CONSTRAINT "case_discussion_items_outcome_message_id_communications_id_fk" FOREIGN KEY ("outcome_message_id") REFERENCES "public"."communications"("id") ON DELETE no action ON UPDATE no action;