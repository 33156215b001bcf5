import { z } from 'zod'
import {
  personAddresses,
  personAssociates,
  personContacts,
  personDescriptions,
  personDocuments,
  personEmployment,
  personFinancial,
  personNames,
  personOnlineIdentities,
  personOrders,
  personPhotos,
  personVehicles,
} from '../../db/schema.js'
import { ORDER_TYPES, type OrderType, validateOrder } from '../../domain/rules/index.js'
import { paths } from '../../web/paths.js'
import type { RecordSection } from '../people/navigation.js'
import {
  type FieldDef,
  type Option,
  UK_POSTCODE,
  field,
  normalisePostcode,
  normaliseRegistration,
  optionalCoordinate,
  optionalText,
  requiredText,
} from './fields.js'

export type FieldProblem = { path: string; message: string }

/** What can be done to a fact once recorded. */
export const FACT_ACTIONS = ['change', 'correct', 'end', 'verify'] as const
export type FactAction = (typeof FACT_ACTIONS)[number]

export type FactTable =
  | typeof personNames
  | typeof personDescriptions
  | typeof personPhotos
  | typeof personAddresses
  | typeof personContacts
  | typeof personVehicles
  | typeof personFinancial
  | typeof personDocuments
  | typeof personEmployment
  | typeof personOnlineIdentities
  | typeof personAssociates
  | typeof personOrders

/** The fields of a fact as the API takes them (after each field's schema). */
export type FactFields = Record<string, unknown>

/**
 * One kind of fact over time, stored in one table: everything the generic pages, forms, API and
 * timeline need to know about it. A record section shows one or more of these.
 */
export interface FactType {
  /** The URL and API segment: /people/{id}/{key}, /api/v1/people/{id}/{key}. */
  key: string
  section: RecordSection
  /** Heading on the section page, e.g. "Addresses". */
  title: string
  /** "address": used in button text, the timeline kind and titles. */
  singular: string
  /** Prefix of the timeline kinds: address.added, address.changed … */
  timelineKind: string
  table: FactTable
  fields: FieldDef[]
  actions: readonly FactAction[]
  /** Rules across fields (what a kind needs, statutory limits); paths name the field. */
  check?: (fields: FactFields) => FieldProblem[]
  /** A short description for card titles and the timeline; never masked details. */
  summary: (fact: FactFields) => string
  /** Names and dates of birth: the search index is rebuilt after a change. */
  refreshesSearch?: boolean
  /** Photographs: the fact carries an uploaded image. */
  upload?: boolean
}

const labelOf = (options: readonly Option[], value: unknown) =>
  options.find((o) => o.value === value)?.text ?? (value ? String(value) : '')
const joined = (...parts: unknown[]) =>
  parts.filter((p) => p !== null && p !== undefined && p !== '').join(' ')
const need = (value: unknown, path: string, message: string): FieldProblem[] =>
  value === null || value === undefined || value === '' ? [{ path, message }] : []

const ALL_ACTIONS = FACT_ACTIONS

const NAME_KINDS = [
  { value: 'alias', text: 'Alias' },
  { value: 'nickname', text: 'Nickname' },
  { value: 'previous_name', text: 'Previous name' },
  { value: 'date_of_birth', text: 'Date of birth used' },
] as const

const DESCRIPTION_KINDS = [
  { value: 'physical', text: 'Physical description' },
  { value: 'mark', text: 'Mark' },
  { value: 'scar', text: 'Scar' },
  { value: 'tattoo', text: 'Tattoo' },
] as const

const ADDRESS_KINDS = [
  { value: 'home', text: 'Home address' },
  { value: 'secondary', text: 'Secondary address (regularly stayed at)' },
  { value: 'temporary', text: 'Temporary address' },
  { value: 'approved_premises', text: 'Approved Premises' },
  { value: 'no_fixed_abode', text: 'No fixed abode' },
] as const

const CONTACT_KINDS = [
  { value: 'mobile', text: 'Mobile phone' },
  { value: 'phone', text: 'Landline' },
  { value: 'email', text: 'Email address' },
  { value: 'other', text: 'Other' },
] as const

const VEHICLE_RELATIONSHIPS = [
  { value: 'owner', text: 'Owner' },
  { value: 'keeper', text: 'Registered keeper' },
  { value: 'user', text: 'Uses it' },
] as const

const FINANCIAL_KINDS = [
  { value: 'bank_account', text: 'Bank or building society account' },
  { value: 'card', text: 'Debit or credit card' },
] as const

const DOCUMENT_KINDS = [
  { value: 'passport', text: 'Passport' },
  { value: 'driving_licence', text: 'Driving licence' },
  { value: 'identity_card', text: 'Identity card' },
  { value: 'other', text: 'Other identity document' },
] as const

const EMPLOYMENT_KINDS = [
  { value: 'employment', text: 'Employment' },
  { value: 'education', text: 'Education' },
  { value: 'training', text: 'Training' },
  { value: 'volunteering', text: 'Volunteering' },
] as const

const ONLINE_KINDS = [
  { value: 'email', text: 'Email address' },
  { value: 'social_media', text: 'Social media account' },
  { value: 'username', text: 'Username or gamer tag' },
  { value: 'device', text: 'Device' },
  { value: 'ip_address', text: 'IP address' },
  { value: 'other', text: 'Other' },
] as const

const RELATIONSHIPS = [
  { value: 'partner', text: 'Partner' },
  { value: 'former_partner', text: 'Former partner' },
  { value: 'family', text: 'Family member' },
  { value: 'friend', text: 'Friend' },
  { value: 'associate', text: 'Associate' },
  { value: 'co_defendant', text: 'Co-defendant' },
  { value: 'other', text: 'Other' },
] as const

export const ORDER_KINDS = [
  { value: 'shpo', text: 'Sexual harm prevention order (SHPO)' },
  { value: 'interim_shpo', text: 'Interim sexual harm prevention order' },
  { value: 'sro', text: 'Sexual risk order (SRO)' },
  { value: 'notification_order', text: 'Notification order' },
  { value: 'restraining_order', text: 'Restraining order' },
  { value: 'licence', text: 'Licence' },
  { value: 'sopo', text: 'Sexual offences prevention order (SOPO)' },
  { value: 'other', text: 'Other order' },
] as const

const digits = (label: string, min: number, max: number) =>
  optionalText(label, 40)
    .transform((v) => (v ? v.replace(/[\s-]+/g, '') : null))
    .refine((v) => v === null || new RegExp(`^\\d{${min},${max}}$`).test(v), {
      message: `${label} must be ${min === max ? min : `${min} to ${max}`} digits`,
    })

const isOrderType = (kind: unknown): kind is OrderType => (ORDER_TYPES as readonly unknown[]).includes(kind)

/** Every kind of fact on a person's record, in the order the sections show them. */
export const FACT_TYPES: readonly FactType[] = [
  {
    key: 'names',
    section: 'identity',
    title: 'Names and dates of birth used',
    singular: 'name',
    timelineKind: 'name',
    table: personNames,
    refreshesSearch: true,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', NAME_KINDS),
      field.text('givenName', 'Given name', { classes: 'govuk-!-width-one-half' }),
      field.text('familyName', 'Family name', { classes: 'govuk-!-width-one-half' }),
      field.date('dateOfBirth', 'Date of birth', {
        hint: 'For a date of birth used. For example, 27 3 1980',
      }),
    ],
    check: (f) =>
      f.kind === 'date_of_birth'
        ? need(f.dateOfBirth, 'dateOfBirth', 'Enter the date of birth used')
        : f.givenName || f.familyName
          ? []
          : [{ path: 'givenName', message: 'Enter a given name or a family name' }],
    summary: (f) => `${labelOf(NAME_KINDS, f.kind)}: ${joined(f.givenName, f.familyName, f.dateOfBirth)}`,
  },
  {
    key: 'descriptions',
    section: 'identity',
    title: 'Physical description, marks, scars and tattoos',
    singular: 'description',
    timelineKind: 'description',
    table: personDescriptions,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', DESCRIPTION_KINDS),
      field.number('heightCm', 'Height in centimetres', 50, 272),
      field.text('build', 'Build', { classes: 'govuk-!-width-one-third' }),
      field.text('hair', 'Hair', { classes: 'govuk-!-width-one-third' }),
      field.text('eyes', 'Eyes', { classes: 'govuk-!-width-one-third' }),
      field.text('bodyLocation', 'Where on the body', { hint: 'For a mark, scar or tattoo' }),
      field.textarea('description', 'Description'),
    ],
    check: (f) =>
      f.kind === 'physical'
        ? [f.heightCm, f.build, f.hair, f.eyes, f.description].some((v) => v !== null && v !== undefined)
          ? []
          : [{ path: 'heightCm', message: 'Enter at least one detail of the physical description' }]
        : [
            ...need(f.bodyLocation, 'bodyLocation', 'Enter where on the body it is'),
            ...need(f.description, 'description', 'Enter a description'),
          ],
    summary: (f) =>
      f.kind === 'physical'
        ? joined('Physical description', f.heightCm ? `${String(f.heightCm)} cm` : '', f.build)
        : `${labelOf(DESCRIPTION_KINDS, f.kind)}: ${joined(f.bodyLocation)}`,
  },
  {
    key: 'photos',
    section: 'identity',
    title: 'Photographs',
    singular: 'photograph',
    timelineKind: 'photo',
    table: personPhotos,
    upload: true,
    // A changed appearance is a new photograph, not a change to this one.
    actions: ['correct', 'end', 'verify'],
    fields: [
      {
        ...field.text('description', 'Description of the photograph', {
          hint: 'Read out to people who cannot see it, for example ‘Head and shoulders, facing the camera, short dark hair’',
        }),
        schema: requiredText('Description of the photograph', 500, 'Enter a description of the photograph'),
      },
      field.date('takenOn', 'Date taken'),
    ],
    summary: (f) => joined('Photograph', f.takenOn ? `taken ${String(f.takenOn)}` : ''),
  },
  {
    key: 'addresses',
    section: 'addresses',
    title: 'Addresses',
    singular: 'address',
    timelineKind: 'address',
    table: personAddresses,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type of address', ADDRESS_KINDS),
      field.text('line1', 'Address line 1'),
      field.text('line2', 'Address line 2 (optional)'),
      field.text('town', 'Town or city', { classes: 'govuk-!-width-two-thirds' }),
      field.text('county', 'County (optional)', { classes: 'govuk-!-width-two-thirds' }),
      {
        ...field.text('postcode', 'Postcode', { classes: 'govuk-input--width-10' }),
        schema: optionalText('Postcode', 10)
          .transform((v) => (v ? normalisePostcode(v) : null))
          .refine((v) => v === null || UK_POSTCODE.test(v), { message: 'Enter a real postcode' }),
      },
      field.textarea('whereFound', 'Where they can be found', {
        hint: 'For no fixed abode: where the person sleeps or can be found, and when',
      }),
      field.checkbox('notified', 'The person notified this address'),
      field.date('notifiedOn', 'Date notified'),
      {
        ...field.number('latitude', 'Latitude (optional)', -90, 90),
        schema: optionalCoordinate('Latitude', 90),
      },
      {
        ...field.number('longitude', 'Longitude (optional)', -180, 180),
        schema: optionalCoordinate('Longitude', 180),
      },
    ],
    check: (f) => [
      ...(f.kind === 'no_fixed_abode'
        ? need(f.whereFound, 'whereFound', 'Enter where the person can be found')
        : [
            ...need(f.line1, 'line1', 'Enter address line 1'),
            ...need(f.postcode, 'postcode', 'Enter the postcode'),
          ]),
      ...((f.latitude === null) !== (f.longitude === null)
        ? [{ path: 'longitude', message: 'Enter both latitude and longitude, or neither' }]
        : []),
    ],
    summary: (f) =>
      f.kind === 'no_fixed_abode'
        ? 'No fixed abode'
        : `${labelOf(ADDRESS_KINDS, f.kind)}: ${[f.line1, f.town, f.postcode].filter(Boolean).join(', ')}`,
  },
  {
    key: 'contacts',
    section: 'contacts',
    title: 'Contact details',
    singular: 'contact detail',
    timelineKind: 'contact',
    table: personContacts,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', CONTACT_KINDS),
      {
        ...field.text('value', 'Number or address'),
        schema: requiredText('Number or address', 200, 'Enter the number or address'),
      },
    ],
    check: (f) =>
      f.kind === 'email' && !z.email().safeParse(f.value).success
        ? [{ path: 'value', message: 'Enter an email address in the correct format, like name@example.com' }]
        : [],
    summary: (f) => labelOf(CONTACT_KINDS, f.kind),
  },
  {
    key: 'vehicles',
    section: 'vehicles',
    title: 'Vehicles',
    singular: 'vehicle',
    timelineKind: 'vehicle',
    table: personVehicles,
    actions: ALL_ACTIONS,
    fields: [
      {
        ...field.text('registration', 'Registration number', { classes: 'govuk-input--width-10' }),
        schema: requiredText('Registration number', 12, 'Enter the registration number').transform(
          normaliseRegistration,
        ),
      },
      field.text('make', 'Make', { classes: 'govuk-!-width-one-half' }),
      field.text('model', 'Model', { classes: 'govuk-!-width-one-half' }),
      field.text('colour', 'Colour', { classes: 'govuk-!-width-one-third' }),
      field.select('relationship', 'Relationship to the vehicle', VEHICLE_RELATIONSHIPS),
    ],
    summary: (f) => joined(f.registration, f.make, f.model),
  },
  {
    key: 'financial',
    section: 'financial',
    title: 'Bank accounts and cards',
    singular: 'account or card',
    timelineKind: 'financial',
    table: personFinancial,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', FINANCIAL_KINDS),
      field.text('institution', 'Bank, building society or card issuer'),
      field.text('accountName', 'Name on the account or card'),
      {
        ...field.text('sortCode', 'Sort code', { classes: 'govuk-input--width-5' }),
        schema: digits('Sort code', 6, 6),
      },
      {
        ...field.text('accountNumber', 'Account number', { classes: 'govuk-input--width-10', masked: true }),
        schema: digits('Account number', 6, 10),
      },
      {
        ...field.text('cardNumber', 'Card number', { classes: 'govuk-input--width-20', masked: true }),
        schema: digits('Card number', 12, 19),
      },
      {
        ...field.text('expires', 'Card expiry date', {
          hint: 'For example, 08/27',
          classes: 'govuk-input--width-5',
        }),
        schema: optionalText('Card expiry date', 5).refine(
          (v) => v === null || /^(0[1-9]|1[0-2])\/\d{2}$/.test(v),
          {
            message: 'Card expiry date must be a month and year, like 08/27',
          },
        ),
      },
    ],
    check: (f) =>
      f.kind === 'card'
        ? need(f.cardNumber, 'cardNumber', 'Enter the card number')
        : need(f.accountNumber, 'accountNumber', 'Enter the account number'),
    // Never the numbers: the timeline is read by roles that see them masked.
    summary: (f) =>
      joined(labelOf(FINANCIAL_KINDS, f.kind), f.institution ? `(${String(f.institution)})` : ''),
  },
  {
    key: 'documents',
    section: 'documents',
    title: 'Passports and identity documents',
    singular: 'document',
    timelineKind: 'document',
    table: personDocuments,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type of document', DOCUMENT_KINDS),
      {
        ...field.text('number', 'Document number', { classes: 'govuk-!-width-one-half' }),
        schema: requiredText('Document number', 40, 'Enter the document number').transform((v) =>
          v.toUpperCase(),
        ),
      },
      field.text('issuingCountry', 'Issuing country', { classes: 'govuk-!-width-one-half' }),
      field.date('issuedOn', 'Date issued'),
      field.date('expiresOn', 'Expiry date'),
    ],
    check: (f) =>
      f.issuedOn && f.expiresOn && String(f.expiresOn) < String(f.issuedOn)
        ? [{ path: 'expiresOn', message: 'Expiry date must be after the date issued' }]
        : [],
    summary: (f) =>
      joined(labelOf(DOCUMENT_KINDS, f.kind), f.issuingCountry ? `(${String(f.issuingCountry)})` : ''),
  },
  {
    key: 'employment',
    section: 'employment',
    title: 'Employment and education',
    singular: 'job or course',
    timelineKind: 'employment',
    table: personEmployment,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', EMPLOYMENT_KINDS),
      {
        ...field.text('organisation', 'Employer, school, college or organisation'),
        schema: requiredText('Organisation', 200, 'Enter the employer, school, college or organisation'),
      },
      field.text('role', 'Job, course or role'),
      field.textarea('address', 'Address'),
      field.text('contact', 'Contact at the organisation'),
      field.text('hours', 'Days and hours', { hint: 'For example, Monday to Friday, 8am to 4pm' }),
    ],
    summary: (f) => `${labelOf(EMPLOYMENT_KINDS, f.kind)}: ${joined(f.organisation)}`,
  },
  {
    key: 'online',
    section: 'online',
    title: 'Online identities and devices',
    singular: 'online identity or device',
    timelineKind: 'online',
    table: personOnlineIdentities,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type', ONLINE_KINDS),
      field.text('platform', 'Platform, service or make', {
        hint: 'For example, Instagram, Xbox, iPhone 13',
      }),
      {
        ...field.text('identifier', 'Username, address or device identifier', {
          hint: 'For a device, its serial number or IMEI',
        }),
        schema: requiredText('Identifier', 200, 'Enter the username, address or device identifier'),
      },
      field.textarea('description', 'Notes'),
    ],
    summary: (f) => joined(labelOf(ONLINE_KINDS, f.kind), f.platform ? `(${String(f.platform)})` : ''),
  },
  {
    key: 'associates',
    section: 'associates',
    title: 'Associates and relationships',
    singular: 'associate',
    timelineKind: 'associate',
    table: personAssociates,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('relationship', 'Relationship', RELATIONSHIPS),
      {
        ...field.text('associatePersonId', 'Their record ID (optional)', {
          hint: 'If they have a record in this service, the ID from its address, for example 0f1e2d3c-…',
        }),
        href: (id: string) => paths.people.show(id),
        schema: z
          .union([
            z.literal(''),
            z.uuid({ error: 'Enter a record ID like 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }),
          ])
          .nullish()
          .transform((v) => v || null),
      },
      field.text('name', 'Name'),
      field.date('dateOfBirth', 'Date of birth'),
      field.textarea('notes', 'Notes'),
    ],
    check: (f) =>
      f.associatePersonId || f.name
        ? []
        : [{ path: 'name', message: 'Enter their name, or the ID of their record' }],
    summary: (f) => `${labelOf(RELATIONSHIPS, f.relationship)}: ${joined(f.name)}`,
  },
  {
    key: 'orders',
    section: 'orders',
    title: 'Orders and licences',
    singular: 'order',
    timelineKind: 'order',
    table: personOrders,
    actions: ALL_ACTIONS,
    fields: [
      field.radios('kind', 'Type of order', ORDER_KINDS),
      {
        ...field.date('madeOn', 'Date made'),
        schema: field
          .date('madeOn', 'Date made')
          .schema.refine((v) => v !== null, 'Enter the date the order was made'),
      },
      field.text('court', 'Court or issuing authority'),
      field.date('endsOn', 'End date'),
      field.checkbox('untilFurtherOrder', 'Until further order (no end date)'),
      field.textarea('terms', 'Terms, conditions and prohibitions'),
    ],
    check: (f) => {
      if (f.untilFurtherOrder && f.endsOn)
        return [{ path: 'endsOn', message: 'Enter an end date or choose until further order, not both' }]
      if (f.endsOn && f.madeOn && String(f.endsOn) < String(f.madeOn))
        return [{ path: 'endsOn', message: 'End date must be on or after the date made' }]
      if (!isOrderType(f.kind) || typeof f.madeOn !== 'string') return []
      const endDate = f.untilFurtherOrder ? null : typeof f.endsOn === 'string' ? f.endsOn : undefined
      return validateOrder({
        type: f.kind,
        madeOn: f.madeOn,
        ...(endDate === undefined ? {} : { endDate }),
      }).messages.map((m) => ({
        path: /made/i.test(m.text) && !/last|end/i.test(m.text) ? 'madeOn' : 'endsOn',
        message: `${m.text} (${m.reference})`,
      }))
    },
    summary: (f) => joined(labelOf(ORDER_KINDS, f.kind), f.madeOn ? `made ${String(f.madeOn)}` : ''),
  },
]

const byKey = new Map(FACT_TYPES.map((t) => [t.key, t]))
export const factType = (key: string): FactType | undefined => byKey.get(key)

/** The record sections this feature draws, with the fact types each shows. */
export const FACT_SECTIONS = [...new Set(FACT_TYPES.map((t) => t.section))].map((section) => ({
  section,
  types: FACT_TYPES.filter((t) => t.section === section),
}))

/** Options of a field, for showing a stored value by its label. */
export function displayValue(fieldDef: FieldDef, value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (fieldDef.options) return labelOf(fieldDef.options, value)
  if (fieldDef.input === 'checkbox') return value ? 'Yes' : 'No'
  return String(value)
}
