-- issue 16 item 8: the events of running runs, written at most once a second per run, so a killed process
-- keeps what its users saw (decision 0407). Rows live only while their run runs; no foreign key (0104).
-- `events` is JSON text, not jsonb: written once, read only after a crash, so the database never parses it;
-- EXTERNAL storage skips compressing it (CPU on the run path, for rows deleted seconds later).
CREATE TABLE "run_checkpoints" (
	"run_id" uuid NOT NULL,
	"first_seq" integer NOT NULL,
	"events" text NOT NULL,
	CONSTRAINT "run_checkpoints_pkey" PRIMARY KEY("run_id","first_seq")
);
--> statement-breakpoint
ALTER TABLE "run_checkpoints" ALTER COLUMN "events" SET STORAGE EXTERNAL;
