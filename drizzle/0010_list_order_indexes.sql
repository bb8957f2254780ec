DROP INDEX "requests_organisation_updated_idx";--> statement-breakpoint
DROP INDEX "requests_service_updated_idx";--> statement-breakpoint
DROP INDEX "requests_organisation_authored_idx";--> statement-breakpoint
DROP INDEX "requests_service_authored_idx";--> statement-breakpoint
DROP INDEX "requests_requester_updated_idx";--> statement-breakpoint
DROP INDEX "requests_assignee_updated_idx";--> statement-breakpoint
CREATE INDEX "requests_organisation_open_updated_idx" ON "consultation_requests" USING btree ("organisation_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "consultation_requests"."state" in ('draft', 'submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given', 'declined', 'completed');--> statement-breakpoint
CREATE INDEX "requests_service_open_updated_idx" ON "consultation_requests" USING btree ("service_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "consultation_requests"."state" in ('draft', 'submitted', 'awaiting-information', 'accepted', 'scheduled', 'advice-given', 'declined', 'completed');--> statement-breakpoint
CREATE INDEX "requests_organisation_updated_idx" ON "consultation_requests" USING btree ("organisation_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requests_service_updated_idx" ON "consultation_requests" USING btree ("service_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requests_organisation_authored_idx" ON "consultation_requests" USING btree ("organisation_id","authored_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requests_service_authored_idx" ON "consultation_requests" USING btree ("service_id","authored_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requests_requester_updated_idx" ON "consultation_requests" USING btree ("requester_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "requests_assignee_updated_idx" ON "consultation_requests" USING btree ("assignee_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);