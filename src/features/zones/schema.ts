import { z } from 'zod'
import { isIsoDate } from '../../domain/rules/dates.js'

export const ZONE_KINDS = [
  { value: 'exclusion', text: 'Exclusion zone (must not enter)' },
  { value: 'inclusion', text: 'Inclusion zone (must stay within)' },
] as const

const date = (label: string) =>
  z
    .string({ error: `${label} must be a date as YYYY-MM-DD` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date as YYYY-MM-DD`)
    .refine(isIsoDate, `${label} must be a real date`)

const name = z
  .string({ error: 'Enter a name for the zone' })
  .trim()
  .min(1, 'Enter a name for the zone, for example “Victim’s home area”')
  .max(200, 'The zone’s name must be 200 characters or fewer')
const kind = z.enum(['exclusion', 'inclusion'], {
  error: 'Select whether it is an exclusion or inclusion zone',
})
const conditionId = z
  .uuid({ error: 'conditionId must be the id of one of the person’s conditions' })
  .nullish()
const circle = z.object(
  {
    centre: z.tuple([z.number(), z.number()], { error: 'circle.centre must be [longitude, latitude]' }),
    radiusMetres: z.number({ error: 'circle.radiusMetres must be a number of metres' }),
  },
  { error: 'circle must be {centre: [longitude, latitude], radiusMetres}' },
)

/** The zone's own fields, as the form and a Feature's `properties` give them. */
export const zoneFields = z.object({
  name,
  kind,
  conditionId,
  startsOn: date('Start date').nullish(),
  endsOn: date('End date').nullish(),
})
export type ZoneFields = z.output<typeof zoneFields>

const feature = <T extends z.ZodRawShape>(properties: z.ZodObject<T>, geometry: string) =>
  z.object(
    {
      type: z.literal('Feature', { error: 'Send a GeoJSON Feature ("type": "Feature")' }),
      geometry: z.unknown().describe(geometry),
      properties,
    },
    { error: 'Send a GeoJSON Feature' },
  )

/**
 * `POST /api/v1/people/{id}/zones`: a GeoJSON Feature (RFC 7946) whose geometry is a Polygon or
 * MultiPolygon, or whose geometry is null and `properties.circle` gives a centre and radius.
 */
export const zoneFeatureIn = feature(
  zoneFields.extend({ circle: circle.optional() }),
  'Polygon or MultiPolygon in WGS84 [longitude, latitude]; null when properties.circle is given',
)

/** `PATCH /api/v1/people/{id}/zones/{zoneId}`: what changes, with the version read; no geometry keeps it. */
export const zoneFeaturePatch = feature(
  z.object({
    version: z.number({ error: 'Send the version you read' }).int().min(1),
    name: name.optional(),
    kind: kind.optional(),
    conditionId,
    startsOn: date('Start date').nullish(),
    endsOn: date('End date').nullish(),
    circle: circle.optional(),
  }),
  'A new Polygon or MultiPolygon, or null (or absent) to keep the one recorded',
)

export const zoneEnd = z.object({
  version: z.number({ error: 'Send the version you read' }).int().min(1),
  endsOn: date('End date'),
})

export const MAX_POINTS = 10_000
const instant = z
  .string({ error: 'at must be an ISO 8601 timestamp with its offset, such as 2026-11-21T14:30:00Z' })
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    'at must be an ISO 8601 timestamp with its offset, such as 2026-11-21T14:30:00Z or 2026-06-01T09:00:00+01:00',
  )
  .refine((v) => !Number.isNaN(Date.parse(v)), 'at must be a real date and time')

/** `POST /api/v1/zones/check` */
export const checkBody = z.object({
  personId: z.uuid({ error: 'personId must be a person’s id' }),
  points: z
    .array(
      z.object({
        lat: z
          .number({ error: 'lat must be a number' })
          .min(-90, 'lat must be -90 to 90')
          .max(90, 'lat must be -90 to 90'),
        lon: z
          .number({ error: 'lon must be a number' })
          .min(-180, 'lon must be -180 to 180')
          .max(180, 'lon must be -180 to 180'),
        at: instant,
      }),
      { error: 'points must be a list of {lat, lon, at}' },
    )
    .max(MAX_POINTS, `Send at most ${MAX_POINTS.toLocaleString('en-GB')} points in one request`),
})

export const checkResponse = z.object({
  results: z.array(
    z.object({
      index: z.number().describe('The position of the point in the request'),
      zones: z.array(
        z.object({ id: z.string(), name: z.string(), kind: z.enum(['exclusion', 'inclusion']) }),
      ),
    }),
  ),
})
