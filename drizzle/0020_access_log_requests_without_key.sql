ALTER TABLE "access_log_requests" DROP CONSTRAINT "access_log_requests_access_id_access_log_id_fk";
