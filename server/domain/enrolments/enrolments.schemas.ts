import { z } from '@hono/zod-openapi';

export const enrolmentRoles = ['participant', 'lecturer', 'interpreter', 'observer'] as const;
export const enrolmentStatuses = ['invited', 'confirmed', 'declined', 'withdrawn'] as const;
const hour = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const interpretationLanguage = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language code such as es, fr, ar or pt-BR')
  .nullable()
  .describe('an interpreter’s target language; a participant’s chosen listening language');
const weekendDays = z.array(z.number().int().min(1).max(7)).max(7).nullable().describe('ISO weekdays (1 = Monday); null = from the country');

export const CreateEnrolmentInput = z
  .object({
    personId: z.uuid({ message: 'expected a UUID' }),
    role: z.enum(enrolmentRoles).default('participant'),
    status: z.enum(enrolmentStatuses).default('invited'),
    preferredStart: hour.default('08:00'),
    preferredEnd: hour.default('21:00'),
    weekendDays: weekendDays.optional(),
    interpretationLanguage: interpretationLanguage.optional(),
  })
  .strict();
export type CreateEnrolmentInput = z.infer<typeof CreateEnrolmentInput>;

export const UpdateEnrolmentInput = z
  .object({ role: z.enum(enrolmentRoles), status: z.enum(enrolmentStatuses), preferredStart: hour, preferredEnd: hour, weekendDays, interpretationLanguage })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'send at least one field to change' });
export type UpdateEnrolmentInput = z.infer<typeof UpdateEnrolmentInput>;

export const EnrolmentListQuery = z.object({
  role: z.enum(enrolmentRoles).optional().openapi({ param: { name: 'role', in: 'query' } }),
  status: z.enum(enrolmentStatuses).optional().openapi({ param: { name: 'status', in: 'query' } }),
});

export const EnrolmentView = z
  .object({
    id: z.uuid(),
    cohortId: z.uuid(),
    role: z.enum(enrolmentRoles),
    status: z.enum(enrolmentStatuses),
    preferredStart: z.string(),
    preferredEnd: z.string(),
    weekendDays: z.array(z.number().int()).nullable(),
    interpretationLanguage: z.string().nullable(),
    person: z.object({ id: z.uuid(), nameLatin: z.string(), nameNative: z.string().nullable(), email: z.string(), city: z.string().nullable(), country: z.string(), timeZone: z.string() }),
  })
  .openapi('Enrolment');
export type EnrolmentView = z.infer<typeof EnrolmentView>;
