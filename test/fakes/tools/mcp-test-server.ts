import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** 1x1 transparent PNG */
export const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

export interface McpTestServer {
  /** Streamable HTTP endpoint */
  url: string;
  /** SSE endpoint (GET), messages go to /messages */
  sseUrl: string;
  port: number;
  /** Authorization headers the server saw, newest last. */
  authorizations: string[];
  close(): Promise<void>;
}

function buildServer(state: { lastAuthorization: string }): McpServer {
  const server = new McpServer({ name: 'test-mcp', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes text back', inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text: `echo: ${text}` }],
  }));
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
    structuredContent: { sum: a + b },
  }));
  server.registerTool('whoami', { description: 'Tells which credentials it received' }, async () => ({
    content: [{ type: 'text', text: `you sent ${state.lastAuthorization}` }],
  }));
  server.registerTool('picture', { description: 'Returns an image' }, async () => ({
    content: [
      { type: 'text', text: 'here is a picture' },
      { type: 'image', data: TINY_PNG_BASE64, mimeType: 'image/png' },
    ],
  }));
  server.registerTool('fail', { description: 'Always fails' }, async () => ({ content: [{ type: 'text', text: 'it broke' }], isError: true }));
  server.registerTool('hang', { description: 'Never answers' }, () => new Promise<never>(() => undefined));
  server.registerTool('dotted.name', { description: 'A name models reject' }, async () => ({ content: [{ type: 'text', text: 'dotted ok' }] }));
  return server;
}

/** An MCP server built with the official SDK: Streamable HTTP at /mcp (stateful or stateless) and SSE at /sse. */
export async function startMcpTestServer(options: { requiredAuthorization?: string; stateful?: boolean; port?: number } = {}): Promise<McpTestServer> {
  const state = { lastAuthorization: '' };
  const authorizations: string[] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const sseSessions = new Map<string, SSEServerTransport>();

  const httpServer = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      state.lastAuthorization = req.headers.authorization ?? '';
      authorizations.push(state.lastAuthorization);
      if (options.requiredAuthorization && req.headers.authorization !== options.requiredAuthorization) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'unauthorized' }));
        return;
      }
      if (url.pathname === '/mcp') {
        if (!options.stateful) {
          const server = buildServer(state);
          const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
          res.on('close', () => void transport.close().then(() => server.close()));
          await server.connect(transport);
          await transport.handleRequest(req, res);
          return;
        }
        const sessionId = req.headers['mcp-session-id'];
        let transport = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
        if (!transport) {
          if (sessionId) {
            res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
            return;
          }
          const created = new StreamableHTTPServerTransport({ sessionIdGenerator: randomUUID, onsessioninitialized: (id) => void sessions.set(id, created) });
          transport = created;
          await buildServer(state).connect(transport);
        }
        await transport.handleRequest(req, res);
        return;
      }
      if (url.pathname === '/sse' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        sseSessions.set(transport.sessionId, transport);
        res.on('close', () => sseSessions.delete(transport.sessionId));
        await buildServer(state).connect(transport);
        return;
      }
      if (url.pathname === '/messages' && req.method === 'POST') {
        const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) return void res.writeHead(404).end('unknown session');
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(404).end('not found');
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    sseUrl: `http://127.0.0.1:${port}/sse`,
    port,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
