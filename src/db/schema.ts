import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'

/** Case-insensitive text (extension created by the first migration). */
const citext = customType<{ data: string }>({ dataType: () => 'citext' })

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' })
const createdAt = () => instant('created_at').notNull().defaultNow()
const id = () => uuid('id').primaryKey().defaultRandom()

// Reference data ------------------------------------------------------------------------------

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  region: text('region').notNull(),
})

export const agencies = pgTable(
  'agencies',
  {
    id: id(),
    code: text('code').notNull().unique(),
    type: text('type').notNull(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('agencies_area_idx').on(t.areaCode)],
)

export const offences = pgTable('offences', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  statute: text('statute').notNull(),
  section: text('section'),
  sched15Part: integer('sched15_part'),
  sched3Paragraph: text('sched3_paragraph'),
  sched3Condition: text('sched3_condition'),
  cat2Direct: boolean('cat2_direct').notNull().default(false),
  unconfirmed: text('unconfirmed'),
  notes: text('notes').notNull().default(''),
})

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

// Users, sign-in and sessions ------------------------------------------------------------------

export const users = pgTable('users', {
  id: id(),
  username: citext('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  email: citext('email'),
  passwordHash: text('password_hash'),
  totpSecret: text('totp_secret'),
  /** Every account needs a second factor except the clearly marked demo accounts. */
  isDemo: boolean('is_demo').notNull().default(false),
  oidcSubject: text('oidc_subject').unique(),
  disabledAt: instant('disabled_at'),
  lastSignInAt: instant('last_sign_in_at'),
  createdAt: createdAt(),
})

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** Areas this membership works in: the agency's own, or several for regional staff. */
    areaCodes: text('area_codes').array().notNull(),
    roles: text('roles').array().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('memberships_user_idx').on(t.userId)],
)

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').notNull(),
    expiresAt: instant('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
)

/** Failed sign-ins per username (existing or not), so lockout reveals nothing about accounts. */
export const signInFailures = pgTable('sign_in_failures', {
  key: citext('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstFailedAt: instant('first_failed_at').notNull(),
  lockedUntil: instant('locked_until'),
})

/** Request counters shared by every instance (fastify rate-limit store). */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: instant('reset_at').notNull(),
})

export const apiKeys = pgTable('api_keys', {
  id: id(),
  agencyId: uuid('agency_id')
    .notNull()
    .references(() => agencies.id),
  name: text('name').notNull(),
  prefix: text('prefix').notNull().unique(),
  keyHash: text('key_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  createdAt: createdAt(),
  revokedAt: instant('revoked_at'),
  lastUsedAt: instant('last_used_at'),
})

// People ---------------------------------------------------------------------------------------

export const people = pgTable(
  'people',
  {
    id: id(),
    givenName: text('given_name').notNull(),
    middleNames: text('middle_names'),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    gender: text('gender').notNull().default('not_known'),
    ethnicity: text('ethnicity'),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    leadAgencyId: uuid('lead_agency_id').references(() => agencies.id),
    pncId: text('pnc_id'),
    croNumber: text('cro_number'),
    niNumber: text('ni_number'),
    nhsNumber: text('nhs_number'),
    prisonNumber: text('prison_number'),
    crn: text('crn'),
    visorId: text('visor_id'),
    /** Only named users may open a restricted record; others may use break-glass access. */
    restricted: boolean('restricted').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('people_area_idx').on(t.areaCode),
    index('people_family_name_idx').on(t.familyName),
    index('people_pnc_idx').on(t.pncId),
    index('people_name_trgm_idx').using(
      'gin',
      sql`(lower(${t.givenName} || ' ' || ${t.familyName})) gin_trgm_ops`,
    ),
  ],
)

export const personAliases = pgTable(
  'person_aliases',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
  },
  (t) => [index('person_aliases_person_idx').on(t.personId)],
)

/** Named managers of a person: their owners for alerts and restricted access. */
export const personManagers = pgTable(
  'person_managers',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.userId] }), index('person_managers_user_idx').on(t.userId)],
)

/** Reasons people give for cross-area or restricted access, kept outside the audit chain. */
export const accessReasons = pgTable('access_reasons', {
  id: id(),
  text: text('text').notNull(),
  createdAt: createdAt(),
})

export const personAccessGrants = pgTable(
  'person_access_grants',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    reasonId: uuid('reason_id').references(() => accessReasons.id),
    grantedBy: uuid('granted_by'),
    createdAt: createdAt(),
    expiresAt: instant('expires_at'),
  },
  (t) => [index('person_access_grants_person_user_idx').on(t.personId, t.userId)],
)

/** A case shared with a duty-to-co-operate agency, with its lawful basis and expiry. */
export const personShares = pgTable(
  'person_shares',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    lawfulBasis: text('lawful_basis').notNull(),
    scope: text('scope').notNull(),
    sharedBy: uuid('shared_by').notNull(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('person_shares_agency_idx').on(t.agencyId, t.personId)],
)

export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id'),
    createdAt: createdAt(),
    readAt: instant('read_at'),
  },
  (t) => [index('alerts_user_idx').on(t.userId, t.readAt)],
)

// Audit ----------------------------------------------------------------------------------------

/** Append-only and hash-chained (see the audit_append_only migration); ids and event names only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: instant('at').notNull(),
    event: text('event').notNull(),
    outcome: text('outcome').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    membershipId: uuid('membership_id'),
    recordType: text('record_type'),
    recordId: text('record_id'),
    reasonId: uuid('reason_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_events_record_idx').on(t.recordType, t.recordId)],
)

// Convictions and rules decisions --------------------------------------------------------------

/** A conviction, caution or finding (SOA 2003 s.80(1)); its date is the relevant date. */
export const convictions = pgTable(
  'convictions',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    /** conviction | caution | insanity | disability_finding */
    type: text('type').notNull(),
    /** england_wales | scotland | northern_ireland | overseas */
    court: text('court').notNull().default('england_wales'),
    sentenceDate: date('sentence_date', { mode: 'string' }),
    notificationOrderDate: date('notification_order_date', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdByApiKey: uuid('created_by_api_key'),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('convictions_person_idx').on(t.personId, t.date)],
)

/** One offence on a conviction, with its own disposal. */
export const convictionOffences = pgTable(
  'conviction_offences',
  {
    id: id(),
    convictionId: uuid('conviction_id')
      .notNull()
      .references(() => convictions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Catalogue id; null when the offence is recorded by description only. */
    offenceId: text('offence_id').references(() => offences.id),
    description: text('description'),
    offenceDate: date('offence_date', { mode: 'string' }),
    offenceDateFrom: date('offence_date_from', { mode: 'string' }),
    offenceDateTo: date('offence_date_to', { mode: 'string' }),
    victimAge: integer('victim_age'),
    victimAgeUnder: integer('victim_age_under'),
    sexualGratification: boolean('sexual_gratification'),
    disposalType: text('disposal_type').notNull(),
    months: integer('months'),
    weeks: integer('weeks'),
    days: integer('days'),
    consecutive: boolean('consecutive').notNull().default(false),
    /** Partly concurrent: overlap with the previous custody line, as {months, weeks, days}. */
    overlap: jsonb('overlap').$type<{ months?: number; weeks?: number; days?: number }>(),
    releaseDate: date('release_date', { mode: 'string' }),
    licenceEndDate: date('licence_end_date', { mode: 'string' }),
    orderEndDate: date('order_end_date', { mode: 'string' }),
  },
  (t) => [index('conviction_offences_conviction_idx').on(t.convictionId, t.position)],
)

/**
 * Decisions of the rules core as given: a row is added only when the answer or the rules
 * version changed, so a past answer can be explained and a changed answer noticed.
 */
export const rulesDecisions = pgTable(
  'rules_decisions',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    rulesVersion: text('rules_version').notNull(),
    inputs: jsonb('inputs').notNull(),
    result: jsonb('result').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    decidedAt: instant('decided_at').notNull().defaultNow(),
  },
  (t) => [index('rules_decisions_person_idx').on(t.personId, t.kind, t.decidedAt)],
)
