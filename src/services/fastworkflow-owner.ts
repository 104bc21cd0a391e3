import type { Actor } from '../domain/index.js';
import type { UserStore } from '../ports/index.js';
import { FwFailure } from './fastworkflow-failure.js';

/**
 * Whose fastworkflow users a request addresses. Everyone addresses their own; a platform admin may name
 * another owner (`owner_user_id`) and then acts exactly as that user (access, memory, locks).
 */
export async function resolveFwOwner(users: Pick<UserStore, 'findById'>, actor: Actor, ownerUserId: string | undefined): Promise<Actor> {
  if (ownerUserId === undefined || ownerUserId === actor.userId) return actor;
  if (!actor.isAdmin) throw new FwFailure(403, 'Only platform admins may act for another user (owner_user_id)');
  const owner = await users.findById(ownerUserId);
  if (!owner) throw new FwFailure(404, `User not found: ${ownerUserId}`);
  return { userId: owner.userId, email: owner.email, isAdmin: owner.isAdmin, tokenId: actor.tokenId };
}
