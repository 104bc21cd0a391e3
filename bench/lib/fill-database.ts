/**
 * A database filled the way a year of use would leave it, with set-based SQL (generate_series), never through
 * the API: users, their agents, finished runs, their messages, and a few very long threads. Ids are derived from
 * row numbers, so a bench or a test can name a given user, agent or thread without reading it back.
 */
export interface FillSize {
  users: number;
  agents: number;
  runs: number;
  /** All agent_logs rows, the long threads' included. */
  messages: number;
  longThreads: number;
  longThreadMessages: number;
}

/** Issue 23: 1,000 users, 10,000 agents, 1,000,000 runs, 5,000,000 messages, five threads of 10,000 messages. */
export const YEAR_OF_USE: FillSize = { users: 1_000, agents: 10_000, runs: 1_000_000, messages: 5_000_000, longThreads: 5, longThreadMessages: 10_000 };

/** YEAR_OF_USE times `scale` (at least one of each; long threads keep their length unless it exceeds the messages). */
export function fillSizeAt(scale: number, base: FillSize = YEAR_OF_USE): FillSize {
  const of = (n: number) => Math.max(1, Math.round(n * scale));
  const messages = of(base.messages);
  const longThreadMessages = Math.min(base.longThreadMessages, Math.floor(messages / (2 * base.longThreads)));
  return { users: of(base.users), agents: of(base.agents), runs: of(base.runs), messages, longThreads: base.longThreads, longThreadMessages };
}

/** Runs per thread among the ordinary runs: a user asks an agent about four things in one conversation. */
const RUNS_PER_THREAD = 4;
const KINDS = { user: 1, agent: 2, run: 3, message: 4 } as const;

/** The id of row `n` of a kind, as SQL over an integer expression: '00000000-0000-7000-800K-<n in hex>'. */
function idSql(kind: keyof typeof KINDS, n: string): string {
  return `('00000000-0000-7000-800${KINDS[kind]}-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
}

/** The id of row `n` (from 1) of a kind, for a caller that wants to name it. */
export function fillId(kind: keyof typeof KINDS, n: number): string {
  return `00000000-0000-7000-800${KINDS[kind]}-${n.toString(16).padStart(12, '0')}`;
}

/** The thread key of long thread `t` (from 1): owned by agent t and that agent's user. */
export function longThreadKey(size: FillSize, t: number): { agentId: string; userId: string; threadId: string } {
  return { agentId: fillId('agent', t), userId: fillId('user', 1 + ((t - 1) % size.users)), threadId: `fill-long-${t}` };
}

/**
 * The statements, in order, each inserting at most `chunk` rows (so progress can be told and memory stays
 * bounded), then ANALYZE. Ordinary run g belongs to agent 1 + (g-1) % agents, that agent's user, and thread
 * (g-1) / (agents × 4): four runs a thread, interleaved in time with everyone else's like real traffic.
 */
export function fillStatements(size: FillSize, chunk = 250_000): string[] {
  const { users, agents, runs } = size;
  const longMessages = size.longThreads * size.longThreadMessages;
  const ordinaryMessages = Math.max(0, size.messages - longMessages);
  const perRun = Math.max(1, Math.floor(ordinaryMessages / runs));
  const agentOf = (g: string) => `1 + ((${g}) - 1) % ${agents}`;
  const userOfAgent = (a: string) => `1 + ((${a}) - 1) % ${users}`;
  const at = (g: string, total: number) => `now() - interval '365 days' + (${g}) * (31536000.0 / ${Math.max(1, total)}) * interval '1 second'`;
  const chunks = (total: number, statement: (from: number, to: number) => string) => {
    const out: string[] = [];
    for (let from = 1; from <= total; from += chunk) out.push(statement(from, Math.min(total, from + chunk - 1)));
    return out;
  };
  return [
    `insert into users (user_id, email, name) select ${idSql('user', 'g')}, 'fill-' || g || '@example.com', 'Fill user ' || g from generate_series(1, ${users}) g`,
    `insert into agents (agent_id, agent_name, description, model_name, user_id) select ${idSql('agent', 'g')}, 'Fill agent ' || g, 'Generated', 'openai/gpt-4o-mini', ${idSql('user', userOfAgent('g'))} from generate_series(1, ${agents}) g`,
    ...chunks(
      runs,
      (from, to) => `insert into runs (run_id, agent_id, user_id, thread_id, model, status, surface, started_at, ended_at, usage, instance_id)
        select ${idSql('run', 'g')}, ${idSql('agent', agentOf('g'))}, ${idSql('user', userOfAgent(agentOf('g')))}, 'fill-' || ((g - 1) / ${agents * RUNS_PER_THREAD}),
          'openai/gpt-4o-mini', 'completed', 'agent-invoke', ${at('g', runs)}, ${at('g', runs)} + interval '2 seconds',
          '{"input_tokens":20,"output_tokens":100,"total_tokens":120}'::jsonb, 'fill'
        from generate_series(${from}, ${to}) g`,
    ),
    ...chunks(
      runs * perRun,
      (from, to) => `insert into agent_logs (message_id, agent_id, user_id, thread_id, run_id, role, content, model, created_at)
        select ${idSql('message', 'n')}, ${idSql('agent', agentOf('r'))}, ${idSql('user', userOfAgent(agentOf('r')))}, 'fill-' || ((r - 1) / ${agents * RUNS_PER_THREAD}), ${idSql('run', 'r')},
          case (n - 1) % ${perRun} when 0 then 'user' when 2 then 'tool' else 'assistant' end,
          'Generated message ' || n || ' of a year of use: ' || repeat('lorem ipsum ', 14), 'openai/gpt-4o-mini', ${at('r', runs)}
        from generate_series(${from}, ${to}) n, lateral (select 1 + (n - 1) / ${perRun} as r) k`,
    ),
    ...Array.from({ length: size.longThreads }, (_, i) => i + 1).flatMap((t) =>
      chunks(
        size.longThreadMessages,
        (from, to) => `insert into agent_logs (message_id, agent_id, user_id, thread_id, role, content, created_at)
          select ${idSql('message', `${runs * perRun + (t - 1) * size.longThreadMessages} + n`)}, ${idSql('agent', String(t))}, ${idSql('user', userOfAgent(String(t)))}, 'fill-long-${t}',
            case when n % 2 = 1 then 'user' else 'assistant' end, 'Long thread message ' || n || ': ' || repeat('lorem ipsum ', 14), ${at('n', size.longThreadMessages)}
          from generate_series(${from}, ${to}) n`,
      ),
    ),
    'analyze',
  ];
}
