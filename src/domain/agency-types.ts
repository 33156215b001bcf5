/**
 * Types of agency involved in MAPPA.
 *
 * The responsible authority in each area is the police, probation and prison services acting jointly
 * (Criminal Justice Act 2003 s.325(1)). The other types are the duty-to-co-operate agencies of
 * s.325(6) – youth offending teams, Jobcentre Plus, education, housing authorities, registered social
 * landlords, social care, health, electronic monitoring providers and immigration – plus `other`.
 */

export const AGENCY_TYPES = [
  'police',
  'probation',
  'prison',
  'youth_offending_team',
  'childrens_social_care',
  'adult_social_care',
  'health',
  'housing_authority',
  'registered_social_landlord',
  'education',
  'jobcentre_plus',
  'immigration',
  'electronic_monitoring',
  'other',
] as const

export type AgencyType = (typeof AGENCY_TYPES)[number]

/** Display labels, in GOV.UK sentence case. */
export const AGENCY_TYPE_LABELS: Readonly<Record<AgencyType, string>> = Object.freeze({
  police: 'Police',
  probation: 'Probation Service',
  prison: 'Prison Service',
  youth_offending_team: 'Youth offending team',
  childrens_social_care: 'Children’s social care',
  adult_social_care: 'Adult social care',
  health: 'Health',
  housing_authority: 'Housing authority',
  registered_social_landlord: 'Registered social landlord',
  education: 'Education',
  jobcentre_plus: 'Jobcentre Plus',
  immigration: 'Home Office Immigration Enforcement',
  electronic_monitoring: 'Electronic monitoring',
  other: 'Other',
})

/** The agency types that make up the MAPPA responsible authority (CJA 2003 s.325). */
export const RESPONSIBLE_AUTHORITY_TYPES = [
  'police',
  'probation',
  'prison',
] as const satisfies readonly AgencyType[]

export type ResponsibleAuthorityType = (typeof RESPONSIBLE_AUTHORITY_TYPES)[number]

export function isAgencyType(value: unknown): value is AgencyType {
  return typeof value === 'string' && (AGENCY_TYPES as readonly string[]).includes(value)
}

export function isResponsibleAuthorityType(value: unknown): value is ResponsibleAuthorityType {
  return typeof value === 'string' && (RESPONSIBLE_AUTHORITY_TYPES as readonly string[]).includes(value)
}
