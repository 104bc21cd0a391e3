import type { BuiltinToolConfig, HttpToolConfig, McpToolConfig, ModelToolSpec, SealedSecret, Tool } from '../domain/index.js';
import { UpstreamError } from '../domain/index.js';
import type { SecretBox, ToolCallResult, ToolRunner } from '../ports/index.js';
import { allowAllAddresses, blockNonPublicAddresses, type AddressPolicy } from './address-policy.js';
import { describeBuiltin, executeBuiltin } from './builtin-tools.js';
import { createCallSignal, raceAbort } from './call-signal.js';
import { describeFailure } from './describe-failure.js';
import { finishToolResult } from './finish-tool-result.js';
import { createGuardedFetch } from './guarded-fetch.js';
import type { Resolver } from './guarded-lookup.js';
import { executeHttpTool } from './http-tool.js';
import { createMcpConnectionPool } from './mcp-connection-pool.js';
import { describeMcpTools, executeMcpTool, type McpCallContext } from './mcp-tool.js';
import { createSecretScrubber, scrubDeep } from './secret-scrubber.js';
import { categorizeThrown, failureAtDetail } from './tool-failure.js';
import { toolFailure, type RawToolResult } from './tool-result.js';

/** pino-shaped, so the app's logger fits; messages handed to it are already scrubbed. */
export interface ToolRunnerLogger {
  warn(details: Record<string, unknown>, message: string): void;
}

export interface ToolRunnerOptions {
  secretBox: Pick<SecretBox, 'open'>;
  loadSealedEnv: (toolId: string) => Promise<Record<string, SealedSecret>>;
  /** ALLOW_PRIVATE_TOOL_URLS: reach private, loopback and link-local addresses too. */
  allowPrivateUrls: boolean;
  defaultTimeoutMs: number;
  /** Response size cap for fetch_url and http tools, and the size of what the model is told (default 256 KiB). */
  fetchMaxBytes?: number;
  logger?: ToolRunnerLogger;
  now?: () => Date;
  /** Replaces the address policy (tests pretend loopback is the internet); `allowPrivateUrls` still wins. */
  addressPolicy?: AddressPolicy;
  resolve?: Resolver;
}

export interface ClosableToolRunner extends ToolRunner {
  /** Closes cached MCP connections and pooled sockets. */
  close(): Promise<void>;
}

const DEFAULT_FETCH_MAX_BYTES = 256 * 1024;
/** Room above the byte cap for status lines and truncation notes around a capped body. */
const MODEL_TEXT_HEADROOM_CHARS = 4096;

/** Runs builtin, http and mcp tools; never throws from execute; secrets scrubbed from every result. */
export function createToolRunner(options: ToolRunnerOptions): ClosableToolRunner {
  const maxBytes = options.fetchMaxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const now = options.now ?? (() => new Date());
  const policy = options.allowPrivateUrls ? allowAllAddresses : (options.addressPolicy ?? blockNonPublicAddresses);
  const guarded = createGuardedFetch({ policy, maxRedirects: 3, userAgent: 'Switchboard-tools/0.1', resolve: options.resolve });
  const pool = createMcpConnectionPool();

  /** Secrets are opened here, per call, and live only as long as the call. */
  async function openEnv(toolId: string): Promise<{ sealedEnv: Record<string, SealedSecret>; env: Record<string, string> }> {
    const sealedEnv = await options.loadSealedEnv(toolId);
    const env: Record<string, string> = {};
    for (const [name, sealed] of Object.entries(sealedEnv)) {
      try {
        env[name] = options.secretBox.open(sealed);
      } catch {
        throw new UpstreamError(`the secret ${name} of this tool cannot be decrypted; was the secret key changed?`);
      }
    }
    return { sealedEnv, env };
  }

  function timeoutFor(tool: Tool): number {
    return tool.kind === 'http' ? ((tool.config as HttpToolConfig).timeout_ms ?? options.defaultTimeoutMs) : options.defaultTimeoutMs;
  }

  async function mcpContext(tool: Tool, signal: AbortSignal, secrets: string[]): Promise<McpCallContext> {
    const { env, sealedEnv } = await openEnv(tool.toolId);
    secrets.push(...Object.values(env));
    const config = tool.config as McpToolConfig;
    return { tool, config, env, sealedEnv, pool, fetch: guarded.fetch, signal, timeoutMs: timeoutFor(tool) };
  }

  async function run(input: Parameters<ToolRunner['execute']>[0], signal: AbortSignal, secrets: string[]): Promise<RawToolResult> {
    const { tool } = input;
    switch (tool.kind) {
      case 'builtin':
        if (input.modelToolName !== tool.name) return toolFailure(`${input.modelToolName} is not the tool ${tool.name}`);
        return executeBuiltin({ builtin: (tool.config as BuiltinToolConfig).builtin, arguments: input.arguments, fetch: guarded.fetch, signal, maxBytes, now });
      case 'http': {
        if (input.modelToolName !== tool.name) return toolFailure(`${input.modelToolName} is not the tool ${tool.name}`);
        const { env } = await openEnv(tool.toolId);
        secrets.push(...Object.values(env));
        return executeHttpTool({ config: tool.config as HttpToolConfig, arguments: input.arguments, env, fetch: guarded.fetch, signal, maxBytes });
      }
      case 'mcp': {
        const context = await mcpContext(tool, signal, secrets);
        return executeMcpTool({ ...context, modelToolName: input.modelToolName, arguments: input.arguments });
      }
      default: {
        const exhaustive: never = tool.kind;
        return toolFailure(`unknown tool kind ${String(exhaustive)}`, {}, 'failed');
      }
    }
  }

  return {
    async describe(tool: Tool, signal: AbortSignal): Promise<ModelToolSpec[]> {
      switch (tool.kind) {
        case 'builtin':
          return [describeBuiltin(tool, (tool.config as BuiltinToolConfig).builtin)];
        case 'http':
          return [{ name: tool.name, description: tool.description, parameters: (tool.config as HttpToolConfig).input_schema }];
        case 'mcp': {
          const call = createCallSignal(signal, options.defaultTimeoutMs);
          const secrets: string[] = [];
          try {
            const specs = await raceAbort(
              mcpContext(tool, call.signal, secrets).then((context) => describeMcpTools(context)),
              call.signal,
            );
            return scrubDeep(specs, createSecretScrubber(secrets)) as ModelToolSpec[];
          } catch (error) {
            // only one of the two scrubbers is ever built: the specs' or this one
            const reason = call.signal.aborted ? call.abortMessage() : describeFailure(error, 'mcp');
            throw new UpstreamError(createSecretScrubber(secrets)(`tool ${tool.name}: ${reason}`));
          } finally {
            call.dispose();
          }
        }
        default: {
          const exhaustive: never = tool.kind;
          throw new UpstreamError(`unknown tool kind ${String(exhaustive)}`);
        }
      }
    },

    async execute(input): Promise<ToolCallResult> {
      const call = createCallSignal(input.signal, timeoutFor(input.tool));
      const secrets: string[] = [];
      let raw: RawToolResult;
      let thrown = false;
      try {
        raw = await raceAbort(run(input, call.signal, secrets), call.signal);
      } catch (error) {
        thrown = !call.signal.aborted;
        raw = call.signal.aborted
          ? toolFailure(call.abortMessage(), {}, input.signal.aborted ? 'cancelled' : 'timeout')
          : toolFailure(describeFailure(error, input.tool.kind), {}, categorizeThrown(error));
      } finally {
        call.dispose();
      }
      // one scrubber per call: the forms of each secret are derived once, not per string
      const scrub = createSecretScrubber(secrets);
      if (thrown) options.logger?.warn({ toolId: input.tool.toolId, kind: input.tool.kind, error: scrub(raw.contentForModel) }, 'tool call failed');
      return finishToolResult(failureAtDetail(raw, input.errorDetail), scrub, maxBytes + MODEL_TEXT_HEADROOM_CHARS);
    },

    async close() {
      await pool.closeAll();
      guarded.close();
    },
  };
}
