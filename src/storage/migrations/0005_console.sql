-- The console (issue 18): disabled accounts, the caller's run list by time, and thread titles.
ALTER TABLE "users" ADD COLUMN "disabled_at" timestamp with time zone;
--> statement-breakpoint
-- GET /runs: a user's runs newest first, keyset-paginated on (started_at, run_id); no sequential scan.
CREATE INDEX "runs_user_started_idx" ON "runs" USING btree ("user_id", "started_at" DESC, "run_id" DESC);
--> statement-breakpoint
CREATE TABLE "thread_titles" (
	"agent_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"thread_id" text NOT NULL,
	"title" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "thread_titles_pkey" PRIMARY KEY("agent_id","user_id","thread_id")
);
--> statement-breakpoint
ALTER TABLE "thread_titles" ADD CONSTRAINT "thread_titles_agent_id_agents_agent_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("agent_id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "thread_titles" ADD CONSTRAINT "thread_titles_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;
