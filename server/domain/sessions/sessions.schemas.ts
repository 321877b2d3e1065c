import { z } from '@hono/zod-openapi';

export const sessionKinds = ['orientation', 'lecture', 'policy_presentation', 'site_visit', 'discussion', 'group_work', 'group_presentation', 'closing'] as const;
export const sessionStatuses = ['scheduled', 'live', 'ended', 'cancelled'] as const;

const localStart = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local date and time YYYY-MM-DDTHH:MM, without an offset');
const fields = {
  kind: z.enum(sessionKinds),
  title: z.string().trim().min(1, 'required').max(200),
  speakers: z.array(z.string().trim().min(1).max(200)).max(20),
  localStart,
  timeZone: z.string().min(1).max(64).describe('IANA zone of localStart; the cohort’s host zone when left out'),
  durationMinutes: z.number().int().min(1, 'at least 1 minute').max(1440, 'at most 24 hours'),
  qaPremoderation: z.boolean().describe('questions wait for a moderator’s approval before others see them'),
  interpretationLanguages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'expected a language code such as es, fr, ar or pt-BR'))
    .max(12, 'at most 12 languages')
    .refine((codes) => new Set(codes).size === codes.length, 'each language once')
    .describe('languages interpreters serve in this session (the floor language needs none)'),
  startMuted: z.boolean().describe('participants join with microphone and camera off'),
};

export const CreateSessionInput = z.object({ ...fields, speakers: fields.speakers.default([]), timeZone: fields.timeZone.optional(), qaPremoderation: fields.qaPremoderation.default(false), interpretationLanguages: fields.interpretationLanguages.default([]), startMuted: fields.startMuted.default(false) }).strict();
export type CreateSessionInput = z.infer<typeof CreateSessionInput>;

export const UpdateSessionInput = z
  .object(fields)
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'send at least one field to change' });
export type UpdateSessionInput = z.infer<typeof UpdateSessionInput>;

export const RecurringSessionsInput = z
  .object({
    kind: fields.kind,
    title: fields.title.describe('each session is titled "<title> 1", "<title> 2", ... unless titles are given'),
    titles: z.array(fields.title).max(200).optional(),
    speakers: fields.speakers.default([]),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1, 'choose at least one weekday').max(7).describe('ISO weekdays, 1 = Monday'),
    localTime: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'),
    timeZone: fields.timeZone.optional(),
    durationMinutes: fields.durationMinutes,
    from: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional(),
    until: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional(),
    skipDates: z.array(z.iso.date({ message: 'expected a date YYYY-MM-DD' })).max(200).default([]),
  })
  .strict();
export type RecurringSessionsInput = z.infer<typeof RecurringSessionsInput>;

export const SessionListQuery = z.object({
  status: z.enum(sessionStatuses).optional().openapi({ param: { name: 'status', in: 'query' } }),
  from: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional().openapi({ param: { name: 'from', in: 'query' } }),
  to: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional().openapi({ param: { name: 'to', in: 'query' } }),
});

/** An instant on one zone's wall clock (see `viewInZone`). */
export const LocalView = z.object({ timeZone: z.string(), localDateTime: z.string(), date: z.string(), time: z.string(), weekday: z.number().int(), offset: z.string() }).openapi('LocalView');

export const SessionView = z
  .object({
    id: z.uuid(),
    cohortId: z.uuid(),
    kind: z.enum(sessionKinds),
    title: z.string(),
    speakers: z.array(z.string()),
    localStart: z.string().describe('the wall-clock start as authored, in timeZone'),
    timeZone: z.string(),
    durationMinutes: z.number().int(),
    startsAt: z.iso.datetime().describe('UTC'),
    endsAt: z.iso.datetime(),
    sequence: z.number().int(),
    status: z.enum(sessionStatuses),
    qaPremoderation: z.boolean(),
    interpretationLanguages: z.array(z.string()),
    startMuted: z.boolean(),
    tzdbVersion: z.string(),
    host: LocalView.describe('the start on the cohort host’s wall clock'),
    own: LocalView.describe('the start on the caller’s own wall clock'),
  })
  .openapi('Session');
export type SessionView = z.infer<typeof SessionView>;

export const SessionWithNotices = SessionView.extend({ notices: z.array(z.string()) }).openapi('SessionWithNotices');
