import type { RunEvent, SequencedEvent } from '../domain/index.js';
import type { RawSql } from './raw-sql.js';
import { isUuid } from './uuid.js';

/** Events `firstSeq`, `firstSeq + 1`, … of one run; a token event may be given as its bare text. */
export interface RunCheckpointSlice {
  runId: string;
  firstSeq: number;
  events: Array<string | RunEvent>;
}

/** The checkpointed events of running runs (migration 0004, docs/decisions/0407). */
export interface RunCheckpointStore {
  /** Several slices, of any runs, in ONE statement. */
  saveMany(slices: RunCheckpointSlice[]): Promise<void>;
  /** Every checkpointed event of the run, oldest first. */
  load(runId: string): Promise<SequencedEvent[]>;
  discardMany(runIds: string[]): Promise<void>;
  /** Drops the slices of runs no longer running (their run ended, or its process died after storing it). */
  discardOfEndedRuns(): Promise<void>;
}

// a token event (nearly all of them) is stored as its bare text
const expand = (stored: string | RunEvent): RunEvent => (typeof stored === 'string' ? { type: 'token', token: stored } : stored);

const SAVE = `insert into run_checkpoints (run_id, first_seq, events)
  select * from unnest($1::uuid[], $2::integer[], $3::text[]) on conflict do nothing`;
const LOAD = 'select first_seq, events from run_checkpoints where run_id = $1 order by first_seq';
const DISCARD = 'delete from run_checkpoints where run_id = any($1::uuid[])';
const DISCARD_ENDED = `delete from run_checkpoints c where not exists (select 1 from runs r where r.run_id = c.run_id and r.status = 'running')`;

export function createRunCheckpointStore(raw: RawSql): RunCheckpointStore {
  return {
    async saveMany(slices) {
      if (slices.length === 0) return;
      await raw(SAVE, [slices.map((s) => s.runId), slices.map((s) => s.firstSeq), slices.map((s) => JSON.stringify(s.events))]);
    },
    async load(runId) {
      if (!isUuid(runId)) return [];
      const rows = await raw(LOAD, [runId]);
      const entries: SequencedEvent[] = [];
      for (const row of rows) {
        const firstSeq = Number(row.first_seq);
        const events = (JSON.parse(String(row.events)) as Array<string | RunEvent>).map(expand);
        // slices are contiguous; a gap (never expected) ends what can be replayed in order
        if (firstSeq !== entries.length + 1) break;
        events.forEach((event, i) => entries.push({ seq: firstSeq + i, event }));
      }
      return entries;
    },
    async discardMany(runIds) {
      const valid = runIds.filter(isUuid);
      if (valid.length > 0) await raw(DISCARD, [valid]);
    },
    async discardOfEndedRuns() {
      await raw(DISCARD_ENDED, []);
    },
  };
}
