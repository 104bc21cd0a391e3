-- Members join a company by accepting an invitation (docs/decisions/0603); one pending per company and e-mail.
CREATE TABLE "company_invitations" (
	"invitation_id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "company_invitations_role_check" CHECK ("company_invitations"."role" in ('super_admin', 'admin', 'staff', 'guest')),
	CONSTRAINT "company_invitations_status_check" CHECK ("company_invitations"."status" in ('pending', 'accepted', 'declined', 'revoked'))
);
--> statement-breakpoint
ALTER TABLE "company_invitations" ADD CONSTRAINT "company_invitations_company_id_companies_company_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("company_id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "company_invitations" ADD CONSTRAINT "company_invitations_invited_by_users_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("user_id") ON DELETE set null ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "company_invitations_pending_key" ON "company_invitations" USING btree ("company_id",lower("email")) WHERE "company_invitations"."status" = 'pending';
--> statement-breakpoint
CREATE INDEX "company_invitations_email_idx" ON "company_invitations" USING btree (lower("email")) WHERE "company_invitations"."status" = 'pending';
--> statement-breakpoint
-- An agent carries only tools of its own company, or for a personal agent its owner's personal tools
-- (docs/decisions/0602): detach every tool that an earlier rule let cross the boundary.
UPDATE "agents" AS a SET "tools" = coalesce((
	SELECT array_agg(u.tool_id ORDER BY u.ord)
	FROM unnest(a."tools") WITH ORDINALITY AS u(tool_id, ord)
	JOIN "tools" t ON t."tool_id" = u.tool_id
	WHERE (a."company_id" IS NOT NULL AND t."company_id" = a."company_id")
	   OR (a."company_id" IS NULL AND t."company_id" IS NULL AND t."user_id" = a."user_id")
), '{}'::uuid[])
WHERE EXISTS (
	SELECT 1 FROM unnest(a."tools") AS u(tool_id)
	LEFT JOIN "tools" t ON t."tool_id" = u.tool_id
	WHERE t."tool_id" IS NULL
	   OR NOT ((a."company_id" IS NOT NULL AND t."company_id" IS NOT DISTINCT FROM a."company_id")
	        OR (a."company_id" IS NULL AND t."company_id" IS NULL AND t."user_id" = a."user_id"))
);
