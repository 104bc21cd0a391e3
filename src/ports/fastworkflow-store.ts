import type { Tx } from './stores.js';

/**
 * Persistence of the fastworkflow surface (seed 000): one session per (signed-in owner, fastworkflow
 * `user_id`), numbered conversations with topic and summary, and feedback per run. The turns themselves
 * live in `agent_logs` like every other thread.
 */
export interface FwSession {
  /** The signed-in user who owns this fastworkflow user (SPEC §5: `user_id` is scoped to the caller). */
  ownerUserId: string;
  /** The seed's free-form `user_id`. */
  fwUserId: string;
  agentId: string;
  context: string;
  showAgentTraces: boolean;
  /** 0 until the first conversation id is reserved. */
  activeConversationId: number;
  createdAt: Date;
}

export interface FwConversation {
  ownerUserId: string;
  fwUserId: string;
  conversationId: number;
  topic: string;
  summary: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface FwFeedback {
  runId: string;
  ownerUserId: string;
  fwUserId: string;
  binaryOrNumericScore: boolean | number | null;
  nlFeedback: string | null;
  createdAt: Date;
}

export interface FwUserKey {
  ownerUserId: string;
  fwUserId: string;
}

export interface FastworkflowStore {
  getSession(ownerUserId: string, fwUserId: string, tx?: Tx): Promise<FwSession | null>;
  /** Atomic and idempotent: returns the existing session unchanged, or the one just created. */
  createSessionIfAbsent(session: Omit<FwSession, 'createdAt'>, tx?: Tx): Promise<FwSession>;
  /** False if there is no such session. */
  setActiveConversation(key: FwUserKey & { conversationId: number }, tx?: Tx): Promise<boolean>;
  /** Creates the conversation (createdAt = updatedAt) or updates its topic, summary and updatedAt. */
  upsertConversation(
    input: FwUserKey & { conversationId: number; topic: string; summary: string; updatedAt: Date },
    tx?: Tx,
  ): Promise<FwConversation>;
  /** Newest `updatedAt` first, at most `limit`. */
  listConversations(ownerUserId: string, fwUserId: string, limit: number, tx?: Tx): Promise<FwConversation[]>;
  getConversation(key: FwUserKey & { conversationId: number }, tx?: Tx): Promise<FwConversation | null>;
  /** The highest stored conversation id, 0 when there is none. */
  maxConversationId(ownerUserId: string, fwUserId: string, tx?: Tx): Promise<number>;
  /** Every session of every owner, oldest first, in pages (the admin dump). */
  listAllSessions(page: { after?: FwUserKey | undefined; limit: number }, tx?: Tx): Promise<FwSession[]>;
  /** Every conversation of one fastworkflow user, by id. */
  listAllConversationsOf(key: FwUserKey, tx?: Tx): Promise<FwConversation[]>;
  /** The feedback of one fastworkflow user's runs. */
  listFeedbackOf(key: FwUserKey, tx?: Tx): Promise<FwFeedback[]>;
  /** One feedback per run; a second call for the same run overwrites it (as the seed does). */
  saveFeedback(input: Omit<FwFeedback, 'createdAt'> & { createdAt?: Date }, tx?: Tx): Promise<FwFeedback>;
}
