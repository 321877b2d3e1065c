import type { StaffRole } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

/** Who is asking: the signed-in person and, for centre staff, their staff role. */
export interface Actor {
  personId: string;
  staffRole: StaffRole | null;
  authSessionId: string;
}

export const isStaff = (actor: Actor): boolean => actor.staffRole !== null;
export const isAdmin = (actor: Actor): boolean => actor.staffRole === 'admin';

/** Route-level role check; object-level checks answer not_found instead so existence never leaks. */
export function assertStaff(actor: Actor): void {
  if (!isStaff(actor)) throw new AppError('forbidden', 'Only the centre’s coordinators can do this');
}

export function assertAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new AppError('forbidden', 'Only an administrator can do this');
}
