import type { McpConnection } from './mcp-connection.js';

interface Entry {
  configHash: string;
  connection: Promise<McpConnection>;
}

export interface McpConnectionPool {
  /** The cached connection for this tool and config, or a new one from `open`. */
  get(toolId: string, configHash: string, open: () => Promise<McpConnection>): Promise<McpConnection>;
  /** Forgets and closes the tool's connection (it broke); the next `get` reconnects. */
  drop(toolId: string, connection?: McpConnection): Promise<void>;
  closeAll(): Promise<void>;
}

/** Connections cached per tool id + config hash; a changed config or secret replaces the old one. */
export function createMcpConnectionPool(): McpConnectionPool {
  const entries = new Map<string, Entry>();

  async function closeEntry(entry: Entry): Promise<void> {
    const connection = await entry.connection.catch(() => undefined);
    await connection?.close();
  }

  return {
    async get(toolId, configHash, open) {
      const existing = entries.get(toolId);
      if (existing && existing.configHash === configHash) {
        const connection = await existing.connection.catch(() => undefined);
        if (connection?.isOpen()) return connection;
        if (entries.get(toolId) === existing) entries.delete(toolId);
      } else if (existing) {
        entries.delete(toolId);
        void closeEntry(existing);
      }
      // Concurrent calls for the same tool share one connection attempt.
      const raced = entries.get(toolId);
      if (raced && raced.configHash === configHash) return raced.connection;
      const entry: Entry = { configHash, connection: open() };
      entries.set(toolId, entry);
      entry.connection.catch(() => {
        if (entries.get(toolId) === entry) entries.delete(toolId);
      });
      return entry.connection;
    },
    async drop(toolId, connection) {
      const entry = entries.get(toolId);
      if (!entry) return void (await connection?.close());
      const current = await entry.connection.catch(() => undefined);
      if (connection && current !== connection) return void (await connection.close());
      if (entries.get(toolId) === entry) entries.delete(toolId);
      await current?.close();
    },
    async closeAll() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map(closeEntry));
    },
  };
}
