import type { Role } from '../../src-shared/domain.js';

/** Supervisors and admins get the supervisor area; operators never see its entry point. */
export function isSupervisorRole(role: Role | null | undefined): boolean {
  return role === 'supervisor' || role === 'admin';
}
