// A user as other records name them: their id, name, extension and role.
import { z } from 'zod';
import { Id, Role } from '../domain.js';

export const UserRef = z.object({ id: Id, name: z.string(), extension: z.string().nullable(), role: Role });
export type UserRef = z.infer<typeof UserRef>;
