ALTER TABLE "consultation_requests" ADD COLUMN "task_preserved" jsonb;--> statement-breakpoint
ALTER TABLE "consultation_requests" ADD COLUMN "resource_versions" jsonb;