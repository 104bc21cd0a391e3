import type { MeResponse } from '../api-types.js';
import type { MediaPolicy } from '../blocks/media-policy.js';
import type { StreamClient } from '../stream-client.js';
import type { ConsoleApi } from './console-api.js';

/** What every console screen gets. */
export interface ConsoleContext {
  api: ConsoleApi;
  me: MeResponse;
  baseUrl: string;
  media: MediaPolicy;
  streamClient: StreamClient;
  /** Called with any error: a 401 ends the session, the rest the screen shows itself. */
  onUnauthorized: () => void;
  /** The `me` answer changed (a company joined, a name changed). */
  refreshMe: () => Promise<void>;
}

/** A mounted screen; `dispose` stops what it still has running (a run being replayed). */
export interface Screen {
  element: HTMLElement;
  dispose?: () => void;
}

/** Key under which "Try it" leaves the draft for the chat (per tab). */
export const DRAFT_KEY = 'switchboard.draft';

/** The caller's role in a company, or null (platform admins may see companies they are not in). */
export function roleIn(me: MeResponse, companyId: string | null): string | null {
  if (!companyId) return null;
  return me.companies.find((company) => company.company_id === companyId)?.role ?? null;
}

/** Owner, or super_admin/admin of the object's company: may change sharing and delete. */
export function mayAdminister(me: MeResponse, object: { user_id?: string; company_id: string | null }): boolean {
  if (object.user_id === me.user.user_id && !object.company_id) return true;
  const role = roleIn(me, object.company_id);
  if (role === 'super_admin' || role === 'admin') return true;
  return object.user_id === me.user.user_id && role !== null && role !== 'guest';
}
