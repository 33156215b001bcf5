import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
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
    /** Set when this record was merged into another (the one kept); cleared by an unmerge. */
    mergedIntoId: uuid('merged_into_id'),
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
    /** The significant event a victim liaison alert is about. */
    significantEventId: uuid('significant_event_id'),
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

// The full person record: facts over time ------------------------------------------------------

/**
 * Every fact on the record carries when it was true (from/to), when and by whom it was recorded,
 * its source, and whether it is verified. A real change ends the old fact (validTo) and adds a
 * new one; a correction adds a new row that `corrects` the wrong one, which is marked
 * `correctedAt` and stays in the history.
 */
const factColumns = () => ({
  id: id(),
  personId: uuid('person_id')
    .notNull()
    .references(() => people.id, { onDelete: 'cascade' }),
  validFrom: date('valid_from', { mode: 'string' }),
  validTo: date('valid_to', { mode: 'string' }),
  source: text('source'),
  verified: boolean('verified').notNull().default(false),
  recordedAt: instant('recorded_at').notNull().defaultNow(),
  recordedBy: uuid('recorded_by'),
  corrects: uuid('corrects'),
  correctedAt: instant('corrected_at'),
  version: integer('version').notNull().default(1),
})
const factIndex = (name: string) => (t: { personId: AnyPgColumn }) => [index(name).on(t.personId)]

export const personNames = pgTable(
  'person_names',
  {
    ...factColumns(),
    /** alias, nickname, previous name, or a date of birth used. */
    kind: text('kind').notNull(),
    givenName: text('given_name'),
    familyName: text('family_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
  },
  factIndex('person_names_person_idx'),
)

export const personDescriptions = pgTable(
  'person_descriptions',
  {
    ...factColumns(),
    /** physical (height, build, hair, eyes) or a mark, scar or tattoo with where it is. */
    kind: text('kind').notNull(),
    heightCm: integer('height_cm'),
    build: text('build'),
    hair: text('hair'),
    eyes: text('eyes'),
    bodyLocation: text('body_location'),
    description: text('description'),
  },
  factIndex('person_descriptions_person_idx'),
)

export const personPhotos = pgTable(
  'person_photos',
  {
    ...factColumns(),
    mimeType: text('mime_type').notNull(),
    content: customType<{ data: Buffer }>({ dataType: () => 'bytea' })('content').notNull(),
    takenOn: date('taken_on', { mode: 'string' }),
    description: text('description'),
  },
  factIndex('person_photos_person_idx'),
)

export const personAddresses = pgTable(
  'person_addresses',
  {
    ...factColumns(),
    /** home, secondary, temporary, approved_premises or no_fixed_abode. */
    kind: text('kind').notNull(),
    line1: text('line1'),
    line2: text('line2'),
    town: text('town'),
    county: text('county'),
    postcode: text('postcode'),
    /** For no fixed abode: where the person can be found. */
    whereFound: text('where_found'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    notified: boolean('notified').notNull().default(false),
    notifiedOn: date('notified_on', { mode: 'string' }),
  },
  (t) => [
    index('person_addresses_person_idx').on(t.personId),
    index('person_addresses_postcode_idx').on(t.postcode),
  ],
)

export const personContacts = pgTable(
  'person_contacts',
  {
    ...factColumns(),
    /** phone, mobile, email or other. */
    kind: text('kind').notNull(),
    value: text('value').notNull(),
  },
  factIndex('person_contacts_person_idx'),
)

export const personVehicles = pgTable(
  'person_vehicles',
  {
    ...factColumns(),
    /** Upper case without spaces, as searched. */
    registration: text('registration').notNull(),
    make: text('make'),
    model: text('model'),
    colour: text('colour'),
    /** owner, keeper, user. */
    relationship: text('relationship'),
  },
  (t) => [
    index('person_vehicles_person_idx').on(t.personId),
    index('person_vehicles_registration_idx').on(t.registration),
  ],
)

export const personFinancial = pgTable(
  'person_financial',
  {
    ...factColumns(),
    /** bank_account or card: masked except to roles that may see them. */
    kind: text('kind').notNull(),
    institution: text('institution'),
    accountName: text('account_name'),
    sortCode: text('sort_code'),
    accountNumber: text('account_number'),
    cardNumber: text('card_number'),
    expires: text('expires'),
  },
  factIndex('person_financial_person_idx'),
)

export const personDocuments = pgTable(
  'person_documents',
  {
    ...factColumns(),
    /** passport, driving_licence, identity_card or other. */
    kind: text('kind').notNull(),
    number: text('number').notNull(),
    issuingCountry: text('issuing_country'),
    issuedOn: date('issued_on', { mode: 'string' }),
    expiresOn: date('expires_on', { mode: 'string' }),
  },
  factIndex('person_documents_person_idx'),
)

export const personEmployment = pgTable(
  'person_employment',
  {
    ...factColumns(),
    /** employment, education, training or volunteering. */
    kind: text('kind').notNull(),
    organisation: text('organisation').notNull(),
    role: text('role'),
    address: text('address'),
    contact: text('contact'),
    hours: text('hours'),
  },
  factIndex('person_employment_person_idx'),
)

export const personOnlineIdentities = pgTable(
  'person_online_identities',
  {
    ...factColumns(),
    /** email, social_media, username, device, ip_address or other. */
    kind: text('kind').notNull(),
    platform: text('platform'),
    identifier: text('identifier').notNull(),
    description: text('description'),
  },
  factIndex('person_online_identities_person_idx'),
)

export const personAssociates = pgTable(
  'person_associates',
  {
    ...factColumns(),
    relationship: text('relationship').notNull(),
    /** Linked to another person's record where one exists; otherwise named here. */
    associatePersonId: uuid('associate_person_id').references(() => people.id),
    name: text('name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    notes: text('notes'),
  },
  factIndex('person_associates_person_idx'),
)

export const personOrders = pgTable(
  'person_orders',
  {
    ...factColumns(),
    /** shpo, interim_shpo, sro, notification_order, restraining_order, licence, sopo or other. */
    kind: text('kind').notNull(),
    madeOn: date('made_on', { mode: 'string' }),
    court: text('court'),
    /** Null end with untilFurtherOrder true: an order without an end date. */
    endsOn: date('ends_on', { mode: 'string' }),
    untilFurtherOrder: boolean('until_further_order').notNull().default(false),
    terms: text('terms'),
  },
  factIndex('person_orders_person_idx'),
)

/** The record's history: every change, with who and when, for the MoJ timeline. */
export const personTimeline = pgTable(
  'person_timeline',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    at: instant('at').notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorApiKeyId: uuid('actor_api_key_id'),
    /** e.g. address.added, address.corrected, registration.level_changed. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    recordType: text('record_type'),
    recordId: uuid('record_id'),
  },
  (t) => [index('person_timeline_person_idx').on(t.personId, t.at)],
)

// Registration lifecycle ----------------------------------------------------------------------

export const registrations = pgTable(
  'registrations',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** 1–4 (CJA 2003 s.327); 3 and 4 are set by people with a rationale. */
    category: integer('category').notNull(),
    level: integer('level').notNull(),
    categoryRationale: text('category_rationale'),
    levelRationale: text('level_rationale'),
    leadAgencyId: uuid('lead_agency_id').references(() => agencies.id),
    /** active, deregistration_due (the basis has ended; a person confirms) or deregistered. */
    status: text('status').notNull().default('active'),
    registeredOn: date('registered_on', { mode: 'string' }).notNull(),
    registeredBy: uuid('registered_by'),
    deregisteredOn: date('deregistered_on', { mode: 'string' }),
    deregisteredBy: uuid('deregistered_by'),
    deregistrationReason: text('deregistration_reason'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('registrations_person_idx').on(t.personId, t.status)],
)

export const registrationChanges = pgTable(
  'registration_changes',
  {
    id: id(),
    registrationId: uuid('registration_id')
      .notNull()
      .references(() => registrations.id, { onDelete: 'cascade' }),
    /** registered, level_changed, category_changed, lead_agency_changed, deregistered. */
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    rationale: text('rationale'),
    at: instant('at').notNull().defaultNow(),
    by: uuid('by'),
  },
  (t) => [index('registration_changes_registration_idx').on(t.registrationId, t.at)],
)

/** A request to move a case to another area, which the receiving area accepts or declines. */
export const transfers = pgTable(
  'transfers',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    fromAreaCode: text('from_area_code')
      .notNull()
      .references(() => areas.code),
    toAreaCode: text('to_area_code')
      .notNull()
      .references(() => areas.code),
    reason: text('reason').notNull(),
    /** pending, accepted, declined or cancelled. */
    status: text('status').notNull().default('pending'),
    requestedBy: uuid('requested_by'),
    requestedAt: instant('requested_at').notNull().defaultNow(),
    decidedBy: uuid('decided_by'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
  },
  (t) => [
    index('transfers_to_area_idx').on(t.toAreaCode, t.status),
    index('transfers_person_idx').on(t.personId),
  ],
)

/**
 * Two records found to be the same person: the merged record points at the one kept, and both
 * keep their facts and history; undoing the merge clears the pointer.
 */
export const personMerges = pgTable(
  'person_merges',
  {
    id: id(),
    keptId: uuid('kept_id')
      .notNull()
      .references(() => people.id),
    mergedId: uuid('merged_id')
      .notNull()
      .references(() => people.id),
    reason: text('reason').notNull(),
    mergedBy: uuid('merged_by'),
    mergedAt: instant('merged_at').notNull().defaultNow(),
    undoneBy: uuid('undone_by'),
    undoneAt: instant('undone_at'),
    undoReason: text('undo_reason'),
  },
  (t) => [index('person_merges_kept_idx').on(t.keptId), index('person_merges_merged_idx').on(t.mergedId)],
)

// Notification compliance (Category 1) -------------------------------------------------------

export const notificationEvents = pgTable(
  'notification_events',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** initial, change, periodic, travel, child_household or weekly_no_fixed_abode. */
    kind: text('kind').notNull(),
    notifiedOn: date('notified_on', { mode: 'string' }).notNull(),
    station: text('station'),
    officerId: uuid('officer_id'),
    /** What was notified: the changed details, travel dates, household address, … */
    details: jsonb('details').notNull().default({}),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by'),
  },
  (t) => [index('notification_events_person_idx').on(t.personId, t.notifiedOn)],
)

export const notificationBreaches = pgTable(
  'notification_breaches',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    suspectedOn: date('suspected_on', { mode: 'string' }).notNull(),
    description: text('description').notNull(),
    /** pending, no_further_action, cautioned, charged, convicted or acquitted. */
    outcome: text('outcome').notNull().default('pending'),
    outcomeOn: date('outcome_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by'),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('notification_breaches_person_idx').on(t.personId)],
)

/**
 * What is due for each person, worked out by the rules core (one DueItem model for every work
 * queue) and refreshed whenever the facts it depends on change.
 */
export const dueItems = pgTable(
  'due_items',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    status: text('status').notNull(),
    basis: jsonb('basis').notNull(),
    rulesVersion: text('rules_version').notNull(),
    refreshedAt: instant('refreshed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.key] }), index('due_items_due_idx').on(t.dueDate)],
)

/** Words to find a person by: names, aliases and nicknames, kept with their phonetic codes. */
export const personSearchTerms = pgTable(
  'person_search_terms',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** name (the record's own) or alias/nickname/previous_name. */
    source: text('source').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    /** Lower case letters and single spaces: what trigram similarity compares. */
    givenNorm: text('given_norm').notNull().default(''),
    familyNorm: text('family_norm').notNull().default(''),
    fullNorm: text('full_norm').notNull().default(''),
    /** Double Metaphone codes (primary and alternative) of the family name and of each of its parts. */
    familyCodes: text('family_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Double Metaphone codes of the given name and `n:<name>` for each nickname group it is in. */
    givenKeys: text('given_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Every `familyCode|givenKey` pair: one indexed look-up finds a name however it is spelt. */
    nameKeys: text('name_keys')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('person_search_terms_person_idx').on(t.personId),
    index('person_search_terms_name_keys_idx').using('gin', t.nameKeys),
    index('person_search_terms_family_codes_idx').using('gin', t.familyCodes),
    index('person_search_terms_dob_idx').on(t.dateOfBirth),
    index('person_search_terms_full_trgm_idx').using('gin', sql`${t.fullNorm} gin_trgm_ops`),
  ],
)

/** A person's identifiers in their comparison form (PNC ID without the century), for exact look-up. */
export const personSearchIdentifiers = pgTable(
  'person_search_identifiers',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The identifier field: pncId, croNumber, niNumber, nhsNumber, prisonNumber, crn or visorId. */
    kind: text('kind').notNull(),
    value: text('value').notNull(),
  },
  (t) => [
    index('person_search_identifiers_value_idx').on(t.value),
    index('person_search_identifiers_person_idx').on(t.personId),
  ],
)

// Risk management ------------------------------------------------------------------------------

/**
 * One assessment with one tool: OASys RoSH (per group and overall), RSR, OSP/DC, OSP/IIC, RM2000,
 * ARMS or another tool; `data` holds the tool's inputs and `band` the band worked out from them.
 */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** oasys_rosh, rsr, osp_dc, osp_iic, rm2000, arms or other. */
    tool: text('tool').notNull(),
    assessedOn: date('assessed_on', { mode: 'string' }).notNull(),
    assessorName: text('assessor_name'),
    assessorUserId: uuid('assessor_user_id'),
    data: jsonb('data').notNull(),
    band: text('band'),
    nextDueOn: date('next_due_on', { mode: 'string' }),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('risk_assessments_person_idx').on(t.personId, t.tool, t.assessedOn)],
)

/** Who is at risk from the person: named known adults, children or groups, linked where possible. */
export const peopleAtRisk = pgTable(
  'people_at_risk',
  {
    ...factColumns(),
    /** known_adult, child or group. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    linkedPersonId: uuid('linked_person_id').references(() => people.id),
    notes: text('notes'),
  },
  factIndex('people_at_risk_person_idx'),
)

/** A version of a person's risk management plan: drafted, then signed off by a permitted role. */
export const riskPlans = pgTable(
  'risk_plans',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    /** draft, signed_off or superseded. */
    status: text('status').notNull().default('draft'),
    reviewOn: date('review_on', { mode: 'string' }),
    /** Months between home visits set by the plan, overriding the default for the risk level. */
    visitIntervalMonths: integer('visit_interval_months'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    signedOffAt: instant('signed_off_at'),
    signedOffBy: uuid('signed_off_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('risk_plans_person_number_idx').on(t.personId, t.number)],
)

/** An entry under one of the four pillars, or the contingency plan. */
export const riskPlanEntries = pgTable(
  'risk_plan_entries',
  {
    id: id(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => riskPlans.id, { onDelete: 'cascade' }),
    /** supervision, monitoring_control, interventions_treatment, victim_safety or contingency. */
    pillar: text('pillar').notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    ownerAgencyId: uuid('owner_agency_id').references(() => agencies.id),
    reviewOn: date('review_on', { mode: 'string' }),
  },
  (t) => [index('risk_plan_entries_plan_idx').on(t.planId, t.pillar, t.position)],
)

/** A structured licence condition or order prohibition. */
export const conditions = pgTable(
  'conditions',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** licence, shpo, sro, restraining_order, notification_order or other. */
    source: text('source').notNull(),
    orderId: uuid('order_id').references(() => personOrders.id),
    /** no_contact, exclusion_zone, inclusion_curfew, residence, reporting, travel, internet_device or other. */
    kind: text('kind').notNull(),
    /** As worded in the licence or order. */
    wording: text('wording').notNull(),
    /** Kind-specific: the named person, curfew address and hours, reporting place and frequency, … */
    details: jsonb('details').notNull().default({}),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('conditions_person_idx').on(t.personId, t.kind)],
)

/**
 * A zone as RFC 7946 GeoJSON (a circle is kept as its polygon, with its centre and radius in
 * `circle`), with its bounding box for the R-tree the server builds from these rows.
 */
export const zones = pgTable(
  'zones',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    conditionId: uuid('condition_id').references(() => conditions.id, { onDelete: 'set null' }),
    name: text('name').notNull(),
    /** exclusion or inclusion. */
    kind: text('kind').notNull(),
    geometry: jsonb('geometry').notNull(),
    circle: jsonb('circle').$type<{ centre: [number, number]; radiusMetres: number }>(),
    minLon: doublePrecision('min_lon').notNull(),
    minLat: doublePrecision('min_lat').notNull(),
    maxLon: doublePrecision('max_lon').notNull(),
    maxLat: doublePrecision('max_lat').notNull(),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('zones_person_idx').on(t.personId), index('zones_updated_idx').on(t.updatedAt)],
)

export const homeVisits = pgTable(
  'home_visits',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    officerIds: uuid('officer_ids').array().notNull(),
    /** Whether the person was seen. */
    seen: boolean('seen').notNull(),
    othersPresent: text('others_present'),
    concerns: text('concerns'),
    followUp: text('follow_up'),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('home_visits_person_idx').on(t.personId, t.visitedOn)],
)

/** Low-risk people managed reactively (no routine visits), with why it started and ended. */
export const reactiveManagement = pgTable(
  'reactive_management',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    startedOn: date('started_on', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    startedBy: uuid('started_by'),
    endedOn: date('ended_on', { mode: 'string' }),
    endReason: text('end_reason'),
    endedBy: uuid('ended_by'),
  },
  (t) => [index('reactive_management_person_idx').on(t.personId)],
)

// Work assigned to a person --------------------------------------------------------------------

/**
 * A DueItem owned by a user or agency rather than worked out per record: meeting actions,
 * victim contact tasks, disclosure application stages. Kept by the module that owns the
 * record (`recordType`/`recordId`) whenever it changes; work queues read it beside due_items.
 */
export const tasks = pgTable(
  'tasks',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    ownerAgencyId: uuid('owner_agency_id').references(() => agencies.id),
    areaCode: text('area_code').references(() => areas.code),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    dueAt: instant('due_at'),
    /** due, overdue (at write time; queues compare dates when read), paused or done. */
    status: text('status').notNull(),
    basis: jsonb('basis').notNull(),
    rulesVersion: text('rules_version').notNull(),
    doneOn: date('done_on', { mode: 'string' }),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('tasks_owner_idx').on(t.ownerUserId, t.status, t.dueDate),
    index('tasks_area_idx').on(t.areaCode, t.status, t.dueDate),
    index('tasks_record_idx').on(t.recordType, t.recordId),
  ],
)

// Multi-agency referrals and meetings (MAPPA A, C, D and L) ------------------------------------

/** A referral for Level 2 or 3 management, or Category 3 registration (MAPPA A). */
export const referrals = pgTable(
  'referrals',
  {
    id: id(),
    reference: text('reference').notNull().unique(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    /** 2 or 3; null when only Category 3 registration is asked for. */
    levelRequested: integer('level_requested'),
    category: integer('category'),
    categoryThreeRequested: boolean('category_three_requested').notNull().default(false),
    /** The form's record fields as referred (pre-filled from the record, then edited). */
    form: jsonb('form').notNull(),
    reason: text('reason').notNull(),
    currentRisk: text('current_risk').notNull(),
    currentPlan: text('current_plan').notNull(),
    addedValue: text('added_value').notNull(),
    /** submitted, information_requested, accepted, declined or withdrawn. */
    status: text('status').notNull(),
    referredBy: uuid('referred_by').references(() => users.id),
    referrerAgencyId: uuid('referrer_agency_id').references(() => agencies.id),
    submittedAt: instant('submitted_at').notNull().defaultNow(),
    screenedAt: instant('screened_at'),
    screenedBy: uuid('screened_by').references(() => users.id),
    meetingId: uuid('meeting_id').references((): AnyPgColumn => meetings.id),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('referrals_area_idx').on(t.areaCode, t.status), index('referrals_person_idx').on(t.personId)],
)

/** What happened to a referral: submitted, information asked for and given, accepted, declined. */
export const referralEvents = pgTable(
  'referral_events',
  {
    id: id(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    note: text('note'),
    at: instant('at').notNull().defaultNow(),
    by: uuid('by').references(() => users.id),
  },
  (t) => [index('referral_events_referral_idx').on(t.referralId, t.at)],
)

export const meetings = pgTable(
  'meetings',
  {
    id: id(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    level: integer('level').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    /** Local time, HH:MM. */
    startsAt: text('starts_at').notNull(),
    chairUserId: uuid('chair_user_id').references(() => users.id),
    chairName: text('chair_name').notNull(),
    chairAgencyId: uuid('chair_agency_id').references(() => agencies.id),
    chairRank: text('chair_rank').notNull(),
    /** in_person, online or hybrid. */
    format: text('format').notNull(),
    venue: text('venue'),
    /** scheduled, finalised or cancelled. */
    status: text('status').notNull().default('scheduled'),
    createdAt: createdAt(),
    createdBy: uuid('created_by').references(() => users.id),
    finalisedAt: instant('finalised_at'),
    finalisedBy: uuid('finalised_by').references(() => users.id),
    cancelledReason: text('cancelled_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('meetings_area_idx').on(t.areaCode, t.heldOn)],
)

/** A case on a meeting's agenda, with the decisions the meeting made about it. */
export const meetingCases = pgTable(
  'meeting_cases',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    referralId: uuid('referral_id').references(() => referrals.id),
    position: integer('position').notNull(),
    /** initial (first meeting after referral) or review. */
    kind: text('kind').notNull(),
    /** attended, written_report or none: how the victims' views reached the meeting. */
    victimInput: text('victim_input'),
    /** not_needed or disclose; the meeting cannot be finalised without it. */
    disclosureDecision: text('disclosure_decision'),
    disclosureNotNeededReason: text('disclosure_not_needed_reason'),
    levelDecision: integer('level_decision'),
    categoryDecision: integer('category_decision'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    /** The plan version the meeting made (its next version), if it changed the plan. */
    planId: uuid('plan_id').references(() => riskPlans.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('meeting_cases_meeting_person_idx').on(t.meetingId, t.personId),
    index('meeting_cases_person_idx').on(t.personId),
  ],
)

/**
 * An agency invited to a meeting: its representatives may read the packs of that meeting's
 * cases (and nothing else of those records) until `accessUntil`, on the lawful basis recorded.
 */
export const meetingInvitations = pgTable(
  'meeting_invitations',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    lawfulBasis: text('lawful_basis').notNull(),
    accessUntil: instant('access_until').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [uniqueIndex('meeting_invitations_meeting_agency_idx').on(t.meetingId, t.agencyId)],
)

/** Attendance by agency, with the confidentiality statement (MAPPA D) acknowledged. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    /** attended, apologies or absent. */
    status: text('status').notNull(),
    reportSubmitted: boolean('report_submitted').notNull().default(false),
    /** Names and roles of those who attended for the agency. */
    attendees: text('attendees'),
    confidentialityAcknowledged: boolean('confidentiality_acknowledged').notNull().default(false),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.agencyId] })],
)

/**
 * One free-text section of a case's minutes (MAPPA C): information shared by an agency, risk
 * assessment, victim issues, level rationale, dissent, … Saved field by field so that two
 * people typing in different sections never collide; each field has its own version.
 */
export const minuteFields = pgTable(
  'minute_fields',
  {
    meetingCaseId: uuid('meeting_case_id')
      .notNull()
      .references(() => meetingCases.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    value: text('value').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: instant('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.meetingCaseId, t.field] })],
)

/** Every text ever sent for a minutes field, kept even when it lost a race: no typed text is lost. */
export const minuteRevisions = pgTable(
  'minute_revisions',
  {
    id: id(),
    meetingCaseId: uuid('meeting_case_id')
      .notNull()
      .references(() => meetingCases.id, { onDelete: 'cascade' }),
    field: text('field').notNull(),
    value: text('value').notNull(),
    baseVersion: integer('base_version').notNull(),
    /** saved, or conflict (someone else saved first; the text is kept for them to merge). */
    outcome: text('outcome').notNull(),
    savedAt: instant('saved_at').notNull().defaultNow(),
    savedBy: uuid('saved_by').references(() => users.id),
  },
  (t) => [index('minute_revisions_case_field_idx').on(t.meetingCaseId, t.field, t.savedAt)],
)

/** The action ledger: every action a meeting set, with owner, due date and evidence. */
export const meetingActions = pgTable(
  'meeting_actions',
  {
    id: id(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    ownerName: text('owner_name').notNull(),
    ownerAgencyId: uuid('owner_agency_id')
      .notNull()
      .references(() => agencies.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open, done or cancelled. */
    status: text('status').notNull().default('open'),
    evidence: text('evidence'),
    completedOn: date('completed_on', { mode: 'string' }),
    completedBy: uuid('completed_by').references(() => users.id),
    createdAt: createdAt(),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('meeting_actions_person_idx').on(t.personId, t.status),
    index('meeting_actions_owner_idx').on(t.ownerUserId, t.status),
  ],
)

// Disclosure -----------------------------------------------------------------------------------

/**
 * The disclosure register: every disclosure about a person, decided at a meeting, on a disclosure
 * scheme application, or outside both, with the legal tests and what was done.
 */
export const disclosures = pgTable(
  'disclosures',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    meetingCaseId: uuid('meeting_case_id').references(() => meetingCases.id),
    applicationId: uuid('application_id').references((): AnyPgColumn => disclosureApplications.id),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    lawful: boolean('lawful').notNull(),
    necessary: boolean('necessary').notNull(),
    proportionate: boolean('proportionate').notNull(),
    legalBasis: text('legal_basis').notNull(),
    rationale: text('rationale').notNull(),
    content: text('content').notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientRole: text('recipient_role').notNull(),
    disclosedByName: text('disclosed_by_name').notNull(),
    /** in_person, phone, letter, email or other. */
    method: text('method').notNull(),
    plannedOn: date('planned_on', { mode: 'string' }),
    disclosedOn: date('disclosed_on', { mode: 'string' }),
    personTold: boolean('person_told'),
    notToldReason: text('not_told_reason'),
    undertakingSigned: boolean('undertaking_signed'),
    outcome: text('outcome'),
    /** decided, made or not_made. */
    status: text('status').notNull().default('decided'),
    createdAt: createdAt(),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('disclosures_person_idx').on(t.personId, t.decidedOn)],
)

/**
 * A disclosure scheme application: Clare's Law Right to Ask or Right to Know, or Sarah's Law.
 * What applicants tell us about themselves, the subject and any child is sealed (encrypted).
 */
export const disclosureApplications = pgTable(
  'disclosure_applications',
  {
    id: id(),
    reference: text('reference').notNull().unique(),
    /** clares_law_ask, clares_law_know or sarahs_law. */
    scheme: text('scheme').notNull(),
    /** public_form or police. */
    route: text('route').notNull(),
    /** en or cy: the language the applicant used, and their letter's. */
    language: text('language').notNull().default('en'),
    areaCode: text('area_code').references(() => areas.code),
    policeAgencyId: uuid('police_agency_id').references(() => agencies.id),
    sealed: text('sealed').notNull(),
    receivedAt: instant('received_at').notNull().defaultNow(),
    assignedUserId: uuid('assigned_user_id').references(() => users.id),
    triagedAt: instant('triaged_at'),
    triagedBy: uuid('triaged_by').references(() => users.id),
    immediateRisk: boolean('immediate_risk'),
    triageNote: text('triage_note'),
    matchedPersonId: uuid('matched_person_id').references(() => people.id),
    matchedAt: instant('matched_at'),
    faceToFaceOn: date('face_to_face_on', { mode: 'string' }),
    checksCompletedOn: date('checks_completed_on', { mode: 'string' }),
    /** disclose or no_disclosure. */
    forumDecision: text('forum_decision'),
    forumDecidedOn: date('forum_decided_on', { mode: 'string' }),
    forumRationale: text('forum_rationale'),
    forumAgencies: text('forum_agencies'),
    letterIssuedOn: date('letter_issued_on', { mode: 'string' }),
    closedOn: date('closed_on', { mode: 'string' }),
    closedReason: text('closed_reason'),
    /** received, triaged, in_progress, decided or closed. */
    status: text('status').notNull().default('received'),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('disclosure_applications_area_idx').on(t.areaCode, t.status, t.receivedAt)],
)

// Victims (a restricted compartment) -----------------------------------------------------------

/**
 * A victim or other person at risk linked to a person (and offence). Identity, contact details,
 * preferences and the VLO's notes are sealed (encrypted with the configured key); the rest says
 * only that a victim exists and where they are in the Victim Contact Scheme.
 */
export const victims = pgTable(
  'victims',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    convictionId: uuid('conviction_id').references(() => convictions.id),
    /** victim or person_at_risk. */
    kind: text('kind').notNull(),
    sealed: text('sealed').notNull(),
    vloUserId: uuid('vlo_user_id').references(() => users.id),
    /** Sentence date the referral clock starts from. */
    sentencedOn: date('sentenced_on', { mode: 'string' }),
    referredOn: date('referred_on', { mode: 'string' }),
    contactedOn: date('contacted_on', { mode: 'string' }),
    endedOn: date('ended_on', { mode: 'string' }),
    createdAt: createdAt(),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('victims_person_idx').on(t.personId), index('victims_vlo_idx').on(t.vloUserId)],
)

/** Opting into or out of the Victim Contact Scheme, which a victim may do at any time. */
export const victimSchemeChoices = pgTable(
  'victim_scheme_choices',
  {
    id: id(),
    victimId: uuid('victim_id')
      .notNull()
      .references(() => victims.id, { onDelete: 'cascade' }),
    optedIn: boolean('opted_in').notNull(),
    on: date('on', { mode: 'string' }).notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('victim_scheme_choices_victim_idx').on(t.victimId, t.on)],
)

/** A victim's views, taken by the VLO (sealed: only VLOs and lead managers read them). */
export const victimViews = pgTable(
  'victim_views',
  {
    id: id(),
    victimId: uuid('victim_id')
      .notNull()
      .references(() => victims.id, { onDelete: 'cascade' }),
    recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
    sealed: text('sealed').notNull(),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
  },
  (t) => [index('victim_views_victim_idx').on(t.victimId)],
)

/**
 * A condition a victim asks for (no contact, exclusion zone, other), as it would be worded, with
 * where it concerns sealed; linked to the condition and zone made, and whether it was granted.
 */
export const victimRequests = pgTable(
  'victim_requests',
  {
    id: id(),
    victimId: uuid('victim_id')
      .notNull()
      .references(() => victims.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** no_contact, exclusion_zone or other. */
    kind: text('kind').notNull(),
    wording: text('wording').notNull(),
    sealed: text('sealed').notNull(),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    /** requested, granted, partly_granted or refused. */
    status: text('status').notNull().default('requested'),
    decisionReason: text('decision_reason'),
    decidedOn: date('decided_on', { mode: 'string' }),
    decidedBy: uuid('decided_by').references(() => users.id),
    conditionId: uuid('condition_id').references(() => conditions.id, { onDelete: 'set null' }),
    zoneId: uuid('zone_id').references(() => zones.id, { onDelete: 'set null' }),
    recordedAt: instant('recorded_at').notNull().defaultNow(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('victim_requests_person_idx').on(t.personId)],
)

/**
 * Something a victim must be told of: release date set or changed, release, conditions added,
 * changed or ended, level change, transfer, recall or breach, end of licence.
 */
export const significantEvents = pgTable(
  'significant_events',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    /** What happened, without victim details. */
    summary: text('summary').notNull(),
    sourceType: text('source_type'),
    sourceId: uuid('source_id'),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('significant_events_person_idx').on(t.personId, t.createdAt)],
)

/** Messages to send (GOV.UK Notify when configured); kept whether or not they could be sent. */
export const outbox = pgTable(
  'outbox',
  {
    id: id(),
    channel: text('channel').notNull(),
    template: text('template').notNull(),
    recipient: text('recipient').notNull(),
    personalisation: jsonb('personalisation').notNull(),
    /** pending, sent, failed or not_configured. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
  },
  (t) => [index('outbox_status_idx').on(t.status, t.createdAt)],
)
