import { z } from '@hono/zod-openapi';

const share = (what: string) => z.number().min(0, `${what} is a share between 0 and 1`).max(1, `${what} is a share between 0 and 1`);

/** How a cohort decides who completed it; a programme's default applies to cohorts without their own. */
export const CompletionPolicyInput = z
  .object({
    minimumShareOfLiveMinutes: share('the minimum').optional().describe('share (0–1) of the scheduled live minutes a person must attend, e.g. 0.8'),
    minimumSessionsAttended: z.number().int().min(0).max(500).optional().describe('sessions a person must attend'),
    requiredSessionIds: z.array(z.uuid({ message: 'expected a session id (UUID)' })).max(200).default([]).describe('sessions everyone must attend'),
    personRequirements: z
      .array(z.object({ personId: z.uuid({ message: 'expected a person id (UUID)' }), sessionIds: z.array(z.uuid({ message: 'expected a session id (UUID)' })).min(1).max(50) }).strict())
      .max(2000)
      .default([])
      .describe('sessions required of one person only, e.g. their own city’s policy presentation'),
    allowMakeUp: z.boolean().default(true).describe('a make-up recorded by a coordinator counts the session as attended'),
    sessionCountsFromShare: z.number().gt(0, 'more than 0').max(1, 'at most 1').default(0.5).describe('a session counts as attended from this share of its length'),
  })
  .strict()
  .openapi('CompletionPolicy');
export type CompletionPolicyInput = z.infer<typeof CompletionPolicyInput>;

/** Without any policy: 80 % of the live minutes, the centre's usual rule. */
export const defaultCompletionPolicy: CompletionPolicyInput = {
  minimumShareOfLiveMinutes: 0.8,
  requiredSessionIds: [],
  personRequirements: [],
  allowMakeUp: true,
  sessionCountsFromShare: 0.5,
};

export const MakeUpInput = z
  .object({
    personId: z.uuid({ message: 'expected a person id (UUID)' }),
    reason: z.string().trim().min(3, 'say how it was made up, in a few words').max(500, 'at most 500 characters'),
  })
  .strict();

export const completionStatuses = ['on_track', 'at_risk', 'completed', 'not_completed'] as const;

export const CompletionView = z
  .object({
    personId: z.uuid(),
    name: z.string(),
    city: z.string().nullable(),
    status: z.enum(completionStatuses),
    creditedMinutes: z.number(),
    scheduledMinutes: z.number(),
    share: z.number(),
    sessionsAttended: z.number().int(),
    missingRequired: z.array(z.uuid()),
    needs: z.object({ sessions: z.number().int(), minutes: z.number() }),
    programmeOver: z.boolean(),
    certificate: z.object({ number: z.string(), status: z.enum(['valid', 'revoked']) }).nullable(),
  })
  .openapi('Completion');
export type CompletionView = z.infer<typeof CompletionView>;
