export const TOOL_KINDS = ['builtin', 'http', 'mcp'] as const;
export type ToolKind = (typeof TOOL_KINDS)[number];

export const BUILTIN_TOOLS = ['calculator', 'current_time', 'fetch_url'] as const;
export type BuiltinToolName = (typeof BUILTIN_TOOLS)[number];

export interface BuiltinToolConfig {
  builtin: BuiltinToolName;
}
export interface HttpToolConfig {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: unknown;
  input_schema: Record<string, unknown>;
  timeout_ms?: number;
}
export interface McpToolConfig {
  url: string;
  transport: 'streamable-http' | 'sse';
  headers?: Record<string, string>;
}
export type ToolConfig = BuiltinToolConfig | HttpToolConfig | McpToolConfig;

/** A tool as the rest of the app sees it: secret names only, never values. */
export interface Tool {
  toolId: string;
  name: string;
  description: string;
  kind: ToolKind;
  config: ToolConfig;
  /** Names of the secrets that are set. */
  envKeys: string[];
  onStatus: boolean;
  companyId: string | null;
  userId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An encrypted secret value as stored; produced and opened only by a SecretBox. */
export interface SealedSecret {
  keyId: string;
  /** base64 of nonce | ciphertext | auth tag */
  sealed: string;
}

/** Tool names are what the model sees. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
