export const COMPANY_ROLES = ['super_admin', 'admin', 'staff', 'guest'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];

export interface Company {
  companyId: string;
  name: string;
  createdAt: Date;
}

export interface Membership {
  userId: string;
  companyId: string;
  role: CompanyRole;
  email: string;
  name: string;
}

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** An invitation of an e-mail address (lower-cased) into a company; the invitee accepts or declines it. */
export interface Invitation {
  invitationId: string;
  companyId: string;
  email: string;
  role: CompanyRole;
  status: InvitationStatus;
  createdAt: Date;
}

/** What the invitee sees: the company's name, not who else is in it. */
export type ReceivedInvitation = Invitation & { companyName: string };
