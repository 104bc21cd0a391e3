import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPglite } from './connect-pglite.js';
import { resolveMigrationsFolder } from './migrations-folder.js';

const rowsOf = (result: unknown) => (result as { rows: Array<Record<string, unknown>> }).rows;

// Migration 0003 detaches tools that an earlier rule let cross a company boundary (docs/decisions/0602).
describe('migration 0003 on a database written under the earlier tool rules', () => {
  const root = mkdtempSync(join(tmpdir(), 'switchboard-0003-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("keeps each agent's fitting tools in order and drops the rest", async () => {
    const folder = resolveMigrationsFolder();
    const before = join(root, 'before');
    cpSync(folder, before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number }> };
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.filter((entry) => entry.idx < 3) }));

    const dataDir = join(root, 'data');
    const old = await connectPglite({ dataDir, migrationsFolder: before });
    const one = (query: ReturnType<typeof sql>) => old.db.execute(query).then((r) => rowsOf(r)[0]!);
    const owner = (await one(sql`insert into users (email, name) values ('owner@example.com', 'O') returning user_id`)).user_id as string;
    const other = (await one(sql`insert into users (email, name) values ('other@example.com', 'X') returning user_id`)).user_id as string;
    const acme = (await one(sql`insert into companies (name) values ('Acme') returning company_id`)).company_id as string;
    const beta = (await one(sql`insert into companies (name) values ('Beta') returning company_id`)).company_id as string;
    const tool = async (userId: string, companyId: string | null, name: string) =>
      (await one(sql`insert into tools (name, kind, config, user_id, company_id) values (${name}, 'builtin', '{"builtin":"calculator"}'::jsonb, ${userId}, ${companyId}) returning tool_id`))
        .tool_id as string;
    const acmeTool = await tool(owner, acme, 'acme_tool');
    const acmeSecond = await tool(other, acme, 'acme_second');
    const betaTool = await tool(owner, beta, 'beta_tool');
    const ownPersonal = await tool(owner, null, 'own_personal');
    const otherPersonal = await tool(other, null, 'other_personal');
    const agent = async (companyId: string | null, tools: string[]) =>
      (await one(sql`insert into agents (agent_name, model_name, user_id, company_id, tools) values ('a', 'local/demo', ${owner}, ${companyId}, ${`{${tools.join(',')}}`}::uuid[]) returning agent_id`))
        .agent_id as string;
    const companyAgent = await agent(acme, [acmeSecond, ownPersonal, betaTool, acmeTool]);
    const personalAgent = await agent(null, [acmeTool, ownPersonal, otherPersonal]);
    const untouched = await agent(acme, [acmeTool]);
    await old.close();

    const migrated = await connectPglite({ dataDir, migrationsFolder: folder });
    const toolsOf = async (agentId: string) => rowsOf(await migrated.db.execute(sql`select tools from agents where agent_id = ${agentId}`))[0]!.tools;
    expect(await toolsOf(companyAgent)).toEqual([acmeSecond, acmeTool]);
    expect(await toolsOf(personalAgent)).toEqual([ownPersonal]);
    expect(await toolsOf(untouched)).toEqual([acmeTool]);
    await migrated.close();
  });
});
