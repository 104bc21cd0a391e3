-- Every client protocol starts runs on the one engine; the surface names which (src/domain/run.ts).
ALTER TABLE "runs" DROP CONSTRAINT "runs_surface_check";
--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_surface_check" CHECK ("runs"."surface" in ('agent-invoke', 'fastworkflow', 'openai', 'ai-sdk', 'ag-ui', 'mcp', 'a2a'));
