import { z } from '@hono/zod-openapi';
import { CompletionPolicyInput } from '../completion/completion.schemas.ts';

export const themes = [
  'smart_city',
  'sustainable_mobility',
  'climate_change',
  'e_government',
  'water',
  'urban_safety',
  'housing',
  'social_economy',
  'urban_management',
  'urban_planning',
  'waste_management',
  'culture_and_tourism',
  'other',
] as const;

const title = z.string().trim().min(1, 'required').max(200);
const completionPolicy = CompletionPolicyInput;

const programmeFields = {
  title,
  theme: z.enum(themes),
  partnerOrganisation: z.string().trim().max(200).nullable().optional(),
  description: z.string().max(10_000).nullable().optional(),
  modules: z.array(z.string().trim().min(1).max(200)).max(100),
  defaultCompletionPolicy: completionPolicy.nullable().optional(),
};

export const CreateProgrammeInput = z.object({ ...programmeFields, modules: programmeFields.modules.default([]) }).strict();
export type CreateProgrammeInput = z.infer<typeof CreateProgrammeInput>;

// No defaults here: a field left out of a change must stay as it is.
export const UpdateProgrammeInput = z
  .object(programmeFields)
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'send at least one field to change' });
export type UpdateProgrammeInput = z.infer<typeof UpdateProgrammeInput>;

export const ProgrammeListQuery = z.object({
  status: z.enum(['active', 'archived', 'all']).default('active').openapi({ param: { name: 'status', in: 'query' } }),
  theme: z.enum(themes).optional().openapi({ param: { name: 'theme', in: 'query' } }),
});

export const ProgrammeView = z
  .object({
    id: z.uuid(),
    title: z.string(),
    theme: z.enum(themes),
    partnerOrganisation: z.string().nullable(),
    description: z.string().nullable(),
    modules: z.array(z.string()),
    defaultCompletionPolicy: completionPolicy.nullable(),
    archivedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Programme');
export type ProgrammeView = z.infer<typeof ProgrammeView>;
