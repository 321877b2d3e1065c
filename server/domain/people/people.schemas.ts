import { z } from '@hono/zod-openapi';

/** BCP 47 tags the runtime understands, stored in canonical case ("es-MX"). */
export const localeTag = z
  .string()
  .min(2)
  .max(35)
  .refine((value) => {
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }, 'expected a language tag such as en, es-MX or ar')
  .transform((value) => Intl.getCanonicalLocales(value)[0]!);

export const countryCode = z.string().regex(/^[A-Za-z]{2}$/, 'expected a two-letter ISO 3166 country code').transform((value) => value.toUpperCase());

const personFields = {
  email: z.email({ message: 'expected an e-mail address' }).max(320),
  nameLatin: z.string().trim().min(1, 'required').max(200),
  nameNative: z.string().trim().max(200).nullable(),
  city: z.string().trim().max(120).nullable(),
  country: countryCode,
  timeZone: z.string().min(1).max(64),
  locale: localeTag,
  organisation: z.string().trim().max(200).nullable(),
  position: z.string().trim().max(200).nullable(),
};

export const CreatePersonInput = z
  .object({
    ...personFields,
    nameNative: personFields.nameNative.optional(),
    city: personFields.city.optional(),
    locale: personFields.locale.default('en'),
    organisation: personFields.organisation.optional(),
    position: personFields.position.optional(),
  })
  .strict();
export type CreatePersonInput = z.infer<typeof CreatePersonInput>;

export const UpdatePersonInput = z
  .object(personFields)
  .partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: 'send at least one field to change' });
export type UpdatePersonInput = z.infer<typeof UpdatePersonInput>;

export const PeopleListQuery = z.object({
  q: z.string().max(100).optional().openapi({ param: { name: 'q', in: 'query' }, description: 'part of a name or e-mail' }),
  country: countryCode.optional().openapi({ param: { name: 'country', in: 'query' } }),
  cohortId: z.uuid({ message: 'expected a UUID' }).optional().openapi({ param: { name: 'cohortId', in: 'query' } }),
});

export const PersonView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    nameLatin: z.string(),
    nameNative: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
    timeZone: z.string(),
    locale: z.string(),
    organisation: z.string().nullable(),
    position: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Person');
export type PersonView = z.infer<typeof PersonView>;
