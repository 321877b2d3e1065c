import { z } from 'zod';

const uuid = z.uuid({ message: 'expected a UUID' });
export const RoomRefInput = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), sessionId: uuid }).strict(),
  z.object({ type: z.literal('lounge'), cohortId: uuid }).strict(),
]);

// Text is kept exactly as typed (never trimmed into something else, never interpreted as HTML).
const chatBody = z.string().min(1, 'empty message').max(2000, 'at most 2,000 characters').refine((value) => value.trim().length > 0, 'empty message');
const questionBody = z.string().min(1, 'empty question').max(1000, 'at most 1,000 characters').refine((value) => value.trim().length > 0, 'empty question');

export const commandSchemas = {
  'room:join': z.object({ room: RoomRefInput }).strict(),
  'room:leave': z.object({ room: RoomRefInput }).strict(),
  'room:sync': z.object({ room: RoomRefInput, after: z.number().int().min(0), limit: z.number().int().min(1).max(500).default(500) }).strict(),
  'chat:send': z.object({ room: RoomRefInput, body: chatBody }).strict(),
  'chat:history': z.object({ room: RoomRefInput, before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
  'chat:edit': z.object({ messageId: uuid, body: chatBody }).strict(),
  'chat:delete': z.object({ messageId: uuid }).strict(),
  'chat:hide': z.object({ messageId: uuid }).strict(),
  'qa:ask': z.object({ sessionId: uuid, body: questionBody, anonymous: z.boolean().default(false), agendaItem: z.string().max(200).optional() }).strict(),
  'qa:vote': z.object({ questionId: uuid }).strict(),
  'qa:unvote': z.object({ questionId: uuid }).strict(),
  'qa:moderate': z.object({ questionId: uuid, action: z.enum(['approve', 'pin', 'unpin', 'answered', 'answered_live', 'dismiss', 'reopen']) }).strict(),
  'qa:list': z.object({ sessionId: uuid, sort: z.enum(['votes', 'time']).default('votes') }).strict(),
  'hand:raise': z.object({ sessionId: uuid }).strict(),
  'hand:lower': z.object({ sessionId: uuid, personId: uuid.optional() }).strict(),
  'hand:list': z.object({ sessionId: uuid }).strict(),
  'presence:list': z.object({ sessionId: uuid }).strict(),
  'poll:open': z
    .object({
      sessionId: uuid,
      question: z.string().min(1).max(300),
      options: z.array(z.string().min(1).max(120)).min(2, 'at least two options').max(10, 'at most ten options'),
      multiple: z.boolean().default(false),
    })
    .strict(),
  'poll:vote': z.object({ pollId: uuid, choices: z.array(z.number().int().min(0).max(9)).min(1, 'choose at least one option').max(10) }).strict(),
  'poll:close': z.object({ pollId: uuid, publish: z.boolean().default(true) }).strict(),
  'poll:list': z.object({ sessionId: uuid }).strict(),
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandInput<N extends CommandName> = z.infer<(typeof commandSchemas)[N]>;
