import type { UserAccount } from '../../ports/index.js';
import type { UserAccountWire } from '../wire/users.js';
import { presentUser } from './presenters.js';

/** issue 18: the user plus account state, field by field. */
export function presentUserAccount(user: UserAccount): UserAccountWire {
  return { ...presentUser(user), disabled: user.disabled };
}
