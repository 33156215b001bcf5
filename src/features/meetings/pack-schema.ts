import { z } from 'zod'

/**
 * The meeting pack as the API returns it and as the page and PDF are drawn from: one shape, so
 * what a partner system reads is what a representative reads. It never holds victims' details
 * (only how many are recorded) nor zones' coordinates.
 */
const day = z.string().describe('YYYY-MM-DD')
const instant = z.string().describe('ISO 8601 date and time')
const coded = { code: z.string(), text: z.string() }

export const CHANGE_GROUPS = [
  'addresses',
  'risk',
  'breaches',
  'notifications',
  'conditions',
  'visits',
  'registration',
  'plan',
] as const
export type ChangeGroup = (typeof CHANGE_GROUPS)[number]

export const packResponse = z.object({
  meeting: z.object({
    id: z.string(),
    heldOn: day,
    startsAt: z.string().describe('HH:MM, UK time'),
    level: z.number(),
    area: z.object({ code: z.string(), name: z.string() }),
    chair: z.object({ name: z.string(), rank: z.string(), agency: z.string().nullable() }),
    format: z.object(coded),
    venue: z.string().nullable(),
    status: z.string(),
  }),
  case: z.object({ id: z.string(), position: z.number(), kind: z.object(coded) }),
  person: z.object({
    id: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    aliases: z.array(z.string()),
    dateOfBirth: day,
    gender: z.string(),
    identifiers: z.object({
      pncId: z.string().nullable(),
      crn: z.string().nullable(),
      prisonNumber: z.string().nullable(),
      nhsNumber: z.string().nullable(),
      niNumber: z.string().nullable(),
    }),
    registration: z
      .object({
        category: z.object({ code: z.number(), text: z.string() }),
        level: z.object({ code: z.number(), text: z.string() }),
        registeredOn: day,
        levelSince: day,
      })
      .nullable(),
    leadAgency: z.string().nullable(),
    managers: z.array(z.object({ name: z.string(), kind: z.string() })),
    address: z
      .object({ kind: z.string(), lines: z.array(z.string()), since: day.nullable() })
      .nullable()
      .describe('Where the person lives now (for no fixed abode: where they can be found)'),
  }),
  risk: z.object({
    overall: z
      .object({
        level: z.object(coded),
        assessedOn: day,
        groups: z.array(z.object({ group: z.string(), level: z.string() })),
      })
      .nullable()
      .describe('The latest OASys RoSH'),
    assessments: z.array(
      z.object({
        tool: z.string(),
        name: z.string(),
        band: z.object(coded).nullable(),
        result: z.string(),
        assessedOn: day,
        nextDueOn: day.nullable(),
        overdue: z.boolean(),
      }),
    ),
    peopleAtRisk: z
      .array(z.object({ kind: z.object(coded), description: z.string() }))
      .describe('Who is at risk, by kind; individuals are named on the record, not in the pack'),
  }),
  plan: z
    .object({
      number: z.number(),
      status: z.object(coded),
      signedOffOn: day.nullable(),
      reviewOn: day.nullable(),
      pillars: z.array(
        z.object({
          pillar: z.string(),
          title: z.string(),
          entries: z.array(
            z.object({ text: z.string(), owner: z.string().nullable(), reviewOn: day.nullable() }),
          ),
        }),
      ),
    })
    .nullable()
    .describe('The latest signed-off version, or the draft if none has been signed off'),
  conditions: z.array(
    z.object({
      id: z.string(),
      source: z.object(coded),
      kind: z.object(coded),
      wording: z.string(),
      startsOn: day,
      endsOn: day.nullable(),
      protectsVictims: z.boolean(),
    }),
  ),
  zones: z
    .array(z.object({ name: z.string(), kind: z.object(coded), endsOn: day.nullable() }))
    .describe('Zones in force, by name and kind only'),
  actions: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      owner: z.string(),
      ownerAgency: z.string(),
      dueOn: day,
      overdue: z.boolean(),
      setOn: day.describe('The date of the meeting that set it'),
    }),
  ),
  changes: z.object({
    since: day.nullable(),
    basis: z.enum(['meeting', 'referral', 'registration', 'none']),
    groups: z.array(
      z.object({
        group: z.enum(CHANGE_GROUPS),
        title: z.string(),
        entries: z.array(z.object({ at: instant, title: z.string(), detail: z.string().nullable() })),
      }),
    ),
  }),
  victims: z.object({ recorded: z.number(), statement: z.string() }),
  distribution: z.array(z.string()),
  generatedAt: instant,
})

export type MeetingPack = z.infer<typeof packResponse>
