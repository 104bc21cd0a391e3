import { randomBytes } from 'node:crypto';
import type { SealedSecret, Tool, ToolConfig, ToolKind } from '../../../src/domain/index.js';
import { createSecretBox } from '../../../src/crypto/secret-box.js';

export const testSecretBox = createSecretBox({ keys: [{ keyBase64: randomBytes(32).toString('base64') }] });

/** A tool row as the services would hand it to the runner. */
export function makeTool(input: { kind: ToolKind; config: ToolConfig; name?: string; description?: string; envKeys?: string[] }): Tool {
  return {
    toolId: `tool-${randomBytes(4).toString('hex')}`,
    name: input.name ?? 'test_tool',
    description: input.description ?? 'a test tool',
    kind: input.kind,
    config: input.config,
    envKeys: input.envKeys ?? [],
    onStatus: true,
    companyId: null,
    userId: 'user-1',
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

/** loadSealedEnv backed by a map of plaintext secrets per tool id, sealed with testSecretBox. */
export function sealedEnvLoader(secretsByTool: Record<string, Record<string, string>>) {
  // Sealed once, like stored rows: a fresh nonce per load would look like a changed secret.
  const sealed = new Map<string, Record<string, SealedSecret>>();
  return async (toolId: string): Promise<Record<string, SealedSecret>> => {
    if (!sealed.has(toolId)) {
      sealed.set(toolId, Object.fromEntries(Object.entries(secretsByTool[toolId] ?? {}).map(([name, value]) => [name, testSecretBox.seal(value)])));
    }
    return sealed.get(toolId)!;
  };
}
