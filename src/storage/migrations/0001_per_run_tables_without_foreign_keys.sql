ALTER TABLE "agent_logs" DROP CONSTRAINT "agent_logs_agent_id_agents_agent_id_fk";
--> statement-breakpoint
ALTER TABLE "agent_logs" DROP CONSTRAINT "agent_logs_user_id_users_user_id_fk";
--> statement-breakpoint
ALTER TABLE "runs" DROP CONSTRAINT "runs_agent_id_agents_agent_id_fk";
--> statement-breakpoint
ALTER TABLE "runs" DROP CONSTRAINT "runs_user_id_users_user_id_fk";
--> statement-breakpoint
DROP INDEX "runs_thread_idx";--> statement-breakpoint
-- What the foreign keys' ON DELETE CASCADE did, once per statement instead of a check per inserted row (docs/decisions/0104).
CREATE FUNCTION "delete_rows_of_deleted_agents"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "agent_logs" l USING "gone" g WHERE l."agent_id" = g."agent_id";
  DELETE FROM "runs" r USING "gone" g WHERE r."agent_id" = g."agent_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "agents_delete_their_rows" AFTER DELETE ON "agents" REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "delete_rows_of_deleted_agents"();
--> statement-breakpoint
CREATE FUNCTION "delete_rows_of_deleted_users"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "agent_logs" l USING "gone" g WHERE l."user_id" = g."user_id";
  DELETE FROM "runs" r USING "gone" g WHERE r."user_id" = g."user_id";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_delete_their_rows" AFTER DELETE ON "users" REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "delete_rows_of_deleted_users"();
