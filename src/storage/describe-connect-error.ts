/** A one-line reason why DATABASE_URL could not be reached, naming host and port but never credentials. */
export function describeConnectError(databaseUrl: string, err: unknown, connectTimeoutMs: number): string {
  const target = targetOf(databaseUrl);
  const code = codeOf(err);
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ECONNREFUSED':
      return `cannot connect to ${target} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot connect to ${target} (host not found)`;
    case 'ECONNRESET':
      return `cannot connect to ${target} (connection reset)`;
    case 'ETIMEDOUT':
      return `cannot connect to ${target} (no answer within ${connectTimeoutMs / 1000} s)`;
    case '28P01':
    case '28000':
      return `cannot connect to ${target} (authentication failed)`;
    case '3D000':
      return `cannot connect to ${target} (${message})`;
    default:
      if (/timeout/i.test(message)) return `cannot connect to ${target} (no answer within ${connectTimeoutMs / 1000} s)`;
      return `cannot connect to ${target} (${message.replace(databaseUrl, '<DATABASE_URL>')})`;
  }
}

function targetOf(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  } catch {
    return 'the server';
  }
}

function codeOf(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Dual-stack hosts (localhost) fail with an AggregateError of one error per address.
  if (err instanceof AggregateError) return codeOf(err.errors[0]);
  return undefined;
}
