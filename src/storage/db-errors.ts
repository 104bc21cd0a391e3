import { ConflictError, DomainError, InvalidInputError, UpstreamError } from '../domain/index.js';

/** What both drivers (pg and PGlite) put on a server error; Node socket errors carry only `code`. */
interface DriverError {
  code: string;
  message: string;
  constraint?: string;
}

const CONFLICT_MESSAGES: Record<string, string> = {
  users_email_lower_key: 'A user with this e-mail already exists',
  api_tokens_token_hash_key: 'A token with this value already exists',
  tools_user_id_name_key: 'A tool with this name already exists',
  user_companies_pkey: 'This user is already a member of the company',
  runs_pkey: 'A run with this id already exists',
  fw_sessions_pkey: 'This fastworkflow user already has a session',
  fw_conversations_pkey: 'This conversation already exists',
};

const INVALID_MESSAGES: Record<string, string> = {
  tools_env_sealed_only: 'Tool secrets must be stored sealed',
  fw_conversations_session_fk: 'The fastworkflow session does not exist',
};

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03']);

function findDriverError(err: unknown): DriverError | null {
  let current: unknown = err;
  // drizzle wraps driver errors (with the SQL text and params) in DrizzleQueryError.cause.
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return current as unknown as DriverError;
    current = current.cause;
  }
  return null;
}

function referenceMessage(constraint: string | undefined): string {
  if (constraint && INVALID_MESSAGES[constraint]) return INVALID_MESSAGES[constraint];
  if (constraint?.endsWith('_companies_company_id_fk')) return 'The company does not exist';
  if (constraint?.endsWith('_agents_agent_id_fk')) return 'The agent does not exist';
  if (constraint?.endsWith('_users_user_id_fk')) return 'The user does not exist';
  return 'A referenced object does not exist';
}

/**
 * Turns a driver error into a domain error with product words. SQL text and parameters (which may hold
 * password hashes or sealed secrets) never travel further than this function.
 */
export function toDomainError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  const driver = findDriverError(err);
  if (driver === null) {
    if (err instanceof Error && err.name === 'DrizzleQueryError') return new Error('Database query failed');
    return err;
  }
  const { code, constraint } = driver;
  if (code === '23505') return new ConflictError(CONFLICT_MESSAGES[constraint ?? ''] ?? 'This already exists');
  if (code === '23503') return new InvalidInputError(referenceMessage(constraint));
  if (code === '23514') return new InvalidInputError(INVALID_MESSAGES[constraint ?? ''] ?? 'A value is not allowed');
  if (code === '23502') return new InvalidInputError('A required value is missing');
  // 22021: a byte sequence the database encoding cannot hold; from a JavaScript string that can only be NUL
  if (code === '22021') return new InvalidInputError('Text must not contain the NUL character (\\u0000)');
  if (code.startsWith('22')) return new InvalidInputError('A value is not valid');
  if (code.startsWith('08') || CONNECTION_CODES.has(code)) return new UpstreamError('The database is not reachable');
  const wrapped = new Error(`Database error ${code}: ${driver.message}`);
  wrapped.name = 'DatabaseError';
  return wrapped;
}

type AnyFunction = (...args: never[]) => Promise<unknown>;

/** Wraps every method of a store so that driver errors leave it as domain errors. */
export function withDomainErrors<T extends Record<string, AnyFunction>>(store: T): T {
  const wrapped: Record<string, AnyFunction> = {};
  for (const [name, method] of Object.entries(store)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await method(...args);
      } catch (err) {
        throw toDomainError(err);
      }
    };
  }
  return wrapped as T;
}
