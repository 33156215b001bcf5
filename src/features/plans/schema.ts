import { z } from 'zod'
import { isoDate } from '../people/schema.js'
import { PILLARS } from './pillars.js'

const optionalDate = (label: string) =>
  isoDate(label)
    .nullish()
    .transform((v) => v ?? null)

export const entryInput = z.object({
  pillar: z.enum(PILLARS, { error: `Pillar must be one of ${PILLARS.join(', ')}` }),
  text: z
    .string({ error: 'Enter what the plan says' })
    .trim()
    .min(1, 'Enter what the plan says')
    .max(4000, 'An entry must be 4000 characters or fewer'),
  ownerAgencyId: z
    .uuid('Select the agency that owns this entry')
    .nullish()
    .transform((v) => v ?? null),
  reviewOn: optionalDate('Entry review date'),
})
export type EntryInput = z.output<typeof entryInput>

export const MAX_VISIT_INTERVAL_MONTHS = 24

/** A draft's content: the plan's review date, home visit interval and every entry. */
export const draftContent = z.object({
  reviewOn: optionalDate('Plan review date'),
  visitIntervalMonths: z
    .number({ error: 'Home visit interval must be a whole number of months' })
    .int('Home visit interval must be a whole number of months')
    .min(1, 'Home visit interval must be at least 1 month')
    .max(
      MAX_VISIT_INTERVAL_MONTHS,
      `Home visit interval must be ${MAX_VISIT_INTERVAL_MONTHS} months or fewer`,
    )
    .nullish()
    .transform((v) => v ?? null),
  entries: z.array(entryInput).max(200, 'A plan holds 200 entries or fewer'),
})
export type DraftContent = z.output<typeof draftContent>

const version = z.number({ error: 'Give the version of the draft you read' }).int().min(1)

/** A change to a draft with the version the editor read; fields not sent stay as they are. */
export const draftPatch = draftContent.partial().extend({ version })
export type DraftPatch = z.output<typeof draftPatch>

export const signOffInput = z.object({ version })

export const compareQuery = z.object({
  from: z.coerce.number({ error: 'Choose the earlier version' }).int().min(1),
  to: z.coerce.number({ error: 'Choose the later version' }).int().min(1),
})

/** The API's view of an entry. */
export const entryResponse = z.object({
  pillar: z.enum(PILLARS),
  position: z.number().int(),
  text: z.string(),
  ownerAgencyId: z.uuid().nullable(),
  ownerAgencyName: z.string().nullable(),
  reviewOn: z.iso.date().nullable(),
})

export const planResponse = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'signed_off', 'superseded']),
  reviewOn: z.iso.date().nullable(),
  visitIntervalMonths: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  createdBy: z.string().nullable(),
  signedOffAt: z.iso.datetime().nullable(),
  signedOffBy: z.string().nullable(),
  version: z.number().int(),
  entries: z.array(entryResponse),
})
