-- The "since the last reset" lookup of every history read (docs/decisions/0101, 0702): without an index of resets
-- it walks the whole thread (10,000 rows for a 10,000-message thread). Only reset rows are indexed.
CREATE INDEX "agent_logs_reset_idx" ON "agent_logs" USING btree ("agent_id","user_id","thread_id","seq") WHERE "agent_logs"."role" = 'reset';
