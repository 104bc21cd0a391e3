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
