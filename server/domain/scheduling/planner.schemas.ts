import { z } from '@hono/zod-openapi';
import { sessionKinds } from '../sessions/sessions.schemas.ts';

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59');
const isoDate = z.iso.date({ message: 'expected a date YYYY-MM-DD' });
const weekday = z.number().int().min(1, '1 = Monday … 7 = Sunday').max(7, '1 = Monday … 7 = Sunday');

export const PlannerInput = z
  .object({
    durationMinutes: z.number().int().min(15, 'at least 15 minutes').max(480, 'at most 480 minutes'),
    weekdays: z
      .array(weekday)
      .min(1, 'choose at least one weekday')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'each weekday once')
      .optional()
      .describe('host-zone ISO weekdays to meet on; or give sessionsPerWeek and the planner picks them'),
    sessionsPerWeek: z.number().int().min(1, 'at least 1').max(7, 'at most 7').optional(),
    from: isoDate.optional().describe('first host date to plan; default the cohort’s first day'),
    until: isoDate.optional().describe('last host date to plan; default the cohort’s last day'),
    hostAvailableHours: z
      .object({ start: clockTime, end: z.union([clockTime, z.literal('24:00')], { message: 'expected HH:MM between 00:00 and 24:00' }) })
      .strict()
      .default({ start: '07:00', end: '22:00' })
      .describe('on the host zone’s wall clock; every session starts and ends inside'),
    stepMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)], { message: 'expected 15, 30 or 60' }).default(30),
    skipDates: z.array(isoDate).max(366).default([]).describe('host dates without a session'),
    limit: z.number().int().min(1, 'at least 1').max(20, 'at most 20').default(5),
    rotationSlots: z.number().int().min(2, 'at least 2').max(6, 'at most 6').default(3).describe('how many of the best start times a rotation may mix'),
  })
  .strict()
  .superRefine((value, context) => {
    if (!value.weekdays && !value.sessionsPerWeek) context.addIssue({ code: 'custom', path: ['weekdays'], message: 'give weekdays or sessionsPerWeek' });
    if (value.weekdays && value.sessionsPerWeek) context.addIssue({ code: 'custom', path: ['sessionsPerWeek'], message: 'give weekdays or sessionsPerWeek, not both' });
  });
export type PlannerInput = z.infer<typeof PlannerInput>;

export const ApplyPlanInput = z
  .object({
    sessions: z
      .array(
        z
          .object({
            localStart: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local date and time YYYY-MM-DDTHH:MM, without an offset'),
            timeZone: z.string().min(1).max(64).optional().describe('IANA zone of localStart; the cohort’s host zone when left out'),
            durationMinutes: z.number().int().min(1, 'at least 1 minute').max(1440, 'at most 24 hours'),
            kind: z.enum(sessionKinds),
            title: z.string().trim().min(1, 'required').max(200),
            speakers: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
            lecturerPersonIds: z.array(z.uuid({ message: 'expected a person id (UUID)' })).max(20).optional().describe('who teaches it; default the cohort’s lecturers'),
          })
          .strict(),
      )
      .min(1, 'give at least one session')
      .max(200, 'at most 200 sessions at once'),
  })
  .strict();
export type ApplyPlanInput = z.infer<typeof ApplyPlanInput>;

const PersonAtSessionView = z.object({
  personId: z.uuid(),
  name: z.string(),
  role: z.string(),
  city: z.string(),
  country: z.string(),
  timeZone: z.string(),
  localDate: z.string(),
  localTime: z.string(),
  weekday: z.number().int(),
  insidePreferredHours: z.boolean(),
  minutesOutside: z.number().int(),
  onWeekend: z.boolean(),
  onHoliday: z.string().nullable().describe('the public holiday’s name'),
});

const CitySummaryView = z
  .object({
    city: z.string(),
    country: z.string(),
    timeZone: z.string(),
    participants: z.number().int(),
    sessionsOutsideHours: z.number().int(),
    sessionsOutsideHoursShare: z.number(),
    weekendHits: z.number().int(),
    holidayHits: z.number().int(),
    holidays: z.array(z.string()),
    localTimeRange: z.object({ from: z.string(), to: z.string() }),
    typicalLocalTime: z.string(),
    localDayShifts: z.array(z.number().int()).describe('local date minus host date, in days'),
  })
  .openapi('PlannerCitySummary');

const SessionTimes = { hostLocalStart: z.string(), startsAt: z.iso.datetime(), endsAt: z.iso.datetime() };

const CandidateView = z
  .object({
    rank: z.number().int(),
    hostTime: z.string(),
    weekdays: z.array(z.number().int()),
    score: z.number().int().describe('person-minutes outside preferred hours, over all sessions'),
    weekendOrHolidayHits: z.number().int(),
    worstCityShare: z.number(),
    sessions: z.array(z.object({ ...SessionTimes, people: z.array(PersonAtSessionView) })),
    cities: z.array(CitySummaryView),
    warnings: z.array(z.string()),
  })
  .openapi('PlannerCandidate');

const RotationView = z
  .object({
    definition: z.string(),
    method: z.enum(['exact', 'greedy']),
    searchSpace: z.number().int(),
    slots: z.array(z.object({ hostTime: z.string(), rank: z.number().int() })),
    sessions: z.array(z.object({ ...SessionTimes, hostTime: z.string(), minutesOutside: z.number().int(), citiesOutside: z.array(z.string()) })),
    cities: z.array(CitySummaryView),
    worstCityShare: z.number(),
    personMinutesOutside: z.number().int(),
    bestCandidate: z.object({ hostTime: z.string(), worstCityShare: z.number(), personMinutesOutside: z.number().int() }).describe('the best single start time, for comparison'),
  })
  .openapi('PlannerRotation');

export const PlanView = z
  .object({
    cohortId: z.uuid(),
    hostTimeZone: z.string(),
    from: z.string(),
    until: z.string(),
    durationMinutes: z.number().int(),
    participants: z.number().int(),
    candidates: z.array(CandidateView),
    rotation: RotationView.nullable().describe('null when one start time keeps every city inside its hours'),
    notes: z.array(z.string()),
  })
  .openapi('Plan');
export type PlanView = z.infer<typeof PlanView>;
export type CandidateView = z.infer<typeof CandidateView>;
export type RotationView = z.infer<typeof RotationView>;
