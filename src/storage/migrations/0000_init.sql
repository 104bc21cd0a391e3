CREATE TABLE "agent_logs" (
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "agent_logs_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"message_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"thread_id" text NOT NULL,
	"run_id" uuid,
	"role" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"tool_name" text,
	"tool_call_id" text,
	"tool_input" jsonb,
	"tool_output" jsonb,
	"model" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_logs_role_check" CHECK ("agent_logs"."role" in ('user', 'assistant', 'tool', 'reset'))
);
--> statement-breakpoint
CREATE TABLE "agents" (
	"agent_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agent_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"agent_style" text DEFAULT '' NOT NULL,
	"on_status" boolean DEFAULT true NOT NULL,
	"model_name" text NOT NULL,
	"tools" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"company_id" uuid,
	"user_id" uuid NOT NULL,
	"share_editor_with" text[] DEFAULT '{}'::text[] NOT NULL,
	"share_visitor_with" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"token_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_kind_check" CHECK ("api_tokens"."kind" in ('api', 'session'))
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"company_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fw_conversations" (
	"owner_user_id" uuid NOT NULL,
	"fw_user_id" text NOT NULL,
	"conversation_id" integer NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fw_conversations_pkey" PRIMARY KEY("owner_user_id","fw_user_id","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "fw_feedback" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"fw_user_id" text NOT NULL,
	"binary_or_numeric_score" jsonb,
	"nl_feedback" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fw_sessions" (
	"owner_user_id" uuid NOT NULL,
	"fw_user_id" text NOT NULL,
	"agent_id" uuid NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"show_agent_traces" boolean DEFAULT true NOT NULL,
	"active_conversation_id" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fw_sessions_pkey" PRIMARY KEY("owner_user_id","fw_user_id")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"run_id" uuid PRIMARY KEY NOT NULL,
	"agent_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"thread_id" text NOT NULL,
	"model" text NOT NULL,
	"status" text NOT NULL,
	"surface" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"usage" jsonb,
	"error_code" text,
	"error_detail" text,
	"instance_id" text NOT NULL,
	CONSTRAINT "runs_status_check" CHECK ("runs"."status" in ('running', 'completed', 'cancelled', 'failed', 'timed_out', 'interrupted')),
	CONSTRAINT "runs_surface_check" CHECK ("runs"."surface" in ('agent-invoke', 'fastworkflow'))
);
--> statement-breakpoint
CREATE TABLE "tools" (
	"tool_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"env" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"on_status" boolean DEFAULT true NOT NULL,
	"company_id" uuid,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tools_kind_check" CHECK ("tools"."kind" in ('builtin', 'http', 'mcp')),
	CONSTRAINT "tools_env_sealed_only" CHECK (jsonb_typeof("tools"."env") = 'object' and not jsonb_path_exists("tools"."env", '$.* ? (@.type() != "object" || !exists(@.keyId) || !exists(@.sealed) || @.keyId.type() != "string" || @.sealed.type() != "string")'))
);
--> statement-breakpoint
CREATE TABLE "user_companies" (
	"user_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_companies_pkey" PRIMARY KEY("user_id","company_id"),
	CONSTRAINT "user_companies_role_check" CHECK ("user_companies"."role" in ('super_admin', 'admin', 'staff', 'guest'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"user_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_logs" ADD CONSTRAINT "agent_logs_agent_id_agents_agent_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("agent_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_logs" ADD CONSTRAINT "agent_logs_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_company_id_companies_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("company_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fw_conversations" ADD CONSTRAINT "fw_conversations_session_fk" FOREIGN KEY ("owner_user_id","fw_user_id") REFERENCES "public"."fw_sessions"("owner_user_id","fw_user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fw_feedback" ADD CONSTRAINT "fw_feedback_owner_user_id_users_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fw_sessions" ADD CONSTRAINT "fw_sessions_owner_user_id_users_user_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fw_sessions" ADD CONSTRAINT "fw_sessions_agent_id_agents_agent_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("agent_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_agent_id_agents_agent_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("agent_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_company_id_companies_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("company_id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tools" ADD CONSTRAINT "tools_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_companies" ADD CONSTRAINT "user_companies_user_id_users_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("user_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_companies" ADD CONSTRAINT "user_companies_company_id_companies_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("company_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_logs_thread_idx" ON "agent_logs" USING btree ("agent_id","user_id","thread_id","seq");--> statement-breakpoint
CREATE INDEX "agents_user_id_idx" ON "agents" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "agents_company_id_idx" ON "agents" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "fw_conversations_updated_idx" ON "fw_conversations" USING btree ("owner_user_id","fw_user_id","updated_at");--> statement-breakpoint
CREATE INDEX "fw_feedback_user_idx" ON "fw_feedback" USING btree ("owner_user_id","fw_user_id");--> statement-breakpoint
CREATE INDEX "runs_running_idx" ON "runs" USING btree ("instance_id") WHERE "runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "runs_thread_idx" ON "runs" USING btree ("agent_id","user_id","thread_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tools_user_id_name_key" ON "tools" USING btree ("user_id","name");--> statement-breakpoint
CREATE INDEX "tools_company_id_idx" ON "tools" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "user_companies_company_id_idx" ON "user_companies" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_key" ON "users" USING btree (lower("email"));