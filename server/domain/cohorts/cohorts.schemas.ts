import { z } from '@hono/zod-openapi';
import { CompletionPolicyInput } from '../completion/completion.schemas.ts';

export const cohortStatuses = ['draft', 'scheduled', 'running', 'completed', 'archived'] as const;
const isoDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' });
const completionPolicy = CompletionPolicyInput;

const cohortFields = {
  programmeId: z.uuid({ message: 'expected a UUID' }),
  title: z.string().trim().min(1, 'required').max(200),
  hostTimeZone: z.string().min(1).max(64),
  firstDay: isoDate,
  lastDay: isoDate,
  capacity: z.number().int().positive().max(10_000).nullable(),
  completionPolicy: completionPolicy.nullable(),
};

export const CreateCohortInput = z
  .object({ ...cohortFields, hostTimeZone: cohortFields.hostTimeZone.default('Asia/Seoul'), capacity: cohortFields.capacity.optional(), completionPolicy: cohortFields.completionPolicy.optional() })
  .strict();
export type CreateCohortInput = z.infer<typeof CreateCohortInput>;

export const UpdateCohortInput = z
  .object({ title: cohortFields.title, hostTimeZone: cohortFields.hostTimeZone, firstDay: isoDate, lastDay: isoDate, capacity: cohortFields.capacity, completionPolicy: cohortFields.completionPolicy, status: z.enum(cohortStatuses) })
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'send at least one field to change' });
export type UpdateCohortInput = z.infer<typeof UpdateCohortInput>;

export const CohortListQuery = z.object({
  status: z.enum(cohortStatuses).optional().openapi({ param: { name: 'status', in: 'query' }, description: 'default: every status but archived' }),
  programmeId: z.uuid({ message: 'expected a UUID' }).optional().openapi({ param: { name: 'programmeId', in: 'query' } }),
  from: isoDate.optional().openapi({ param: { name: 'from', in: 'query' }, description: 'cohorts running on or after this day' }),
  to: isoDate.optional().openapi({ param: { name: 'to', in: 'query' }, description: 'cohorts running on or before this day' }),
});

export const CohortView = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    title: z.string(),
    hostTimeZone: z.string(),
    firstDay: z.string(),
    lastDay: z.string(),
    status: z.enum(cohortStatuses),
    capacity: z.number().int().nullable(),
    completionPolicy: completionPolicy.nullable(),
    reminderOffsetsMinutes: z.array(z.number().int()),
    invitationsSentAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    counts: z.object({ participants: z.number().int(), lecturers: z.number().int(), interpreters: z.number().int(), observers: z.number().int(), sessions: z.number().int() }),
  })
  .openapi('Cohort');
export type CohortView = z.infer<typeof CohortView>;
