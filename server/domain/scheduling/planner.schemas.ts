import { z } from '@hono/zod-openapi';
import { sessionKinds } from '../sessions/sessions.schemas.ts';

const hour = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
const isoDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' });

export const PlannerInput = z
  .object({
    durationMinutes: z.number().int().min(15, 'at least 15 minutes').max(480, 'at most 8 hours'),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional().describe('host-zone ISO weekdays; left out, the planner picks sessionsPerWeek of them'),
    sessionsPerWeek: z.number().int().min(1).max(7).optional(),
    from: isoDate.optional(),
    until: isoDate.optional(),
    hostAvailableHours: z.object({ start: hour, end: hour }).default({ start: '07:00', end: '22:00' }),
    stepMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]).default(30),
    skipDates: z.array(isoDate).max(200).default([]),
    limit: z.number().int().min(1).max(20).default(5),
    rotationSlots: z.number().int().min(2).max(6).default(3),
  })
  .strict()
  .refine((value) => value.weekdays || value.sessionsPerWeek, { message: 'give weekdays or sessionsPerWeek', path: ['weekdays'] });
export type PlannerInput = z.infer<typeof PlannerInput>;

export const ApplyPlanInput = z
  .object({
    sessions: z
      .array(
        z
          .object({
            localStart: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected YYYY-MM-DDTHH:MM'),
            timeZone: z.string().min(1).max(64).optional(),
            durationMinutes: z.number().int().min(1).max(1440),
            kind: z.enum(sessionKinds),
            title: z.string().trim().min(1).max(200),
            speakers: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
            lecturerPersonIds: z.array(z.uuid()).max(20).optional(),
          })
          .strict(),
      )
      .min(1, 'give at least one session')
      .max(200),
  })
  .strict();
export type ApplyPlanInput = z.infer<typeof ApplyPlanInput>;
