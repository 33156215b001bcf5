import { IDENTIFIER_FIELDS, type IdentifierField } from '../../domain/identifiers.js'
import type { PersonRecord } from './queries.js'

/** The person as the API returns it: the contract's camelCase fields, dates as YYYY-MM-DD. */
export function personJson(person: PersonRecord) {
  const identifiers = Object.fromEntries(IDENTIFIER_FIELDS.map((f) => [f, person[f]])) as Record<
    IdentifierField,
    string | null
  >
  return {
    id: person.id,
    givenName: person.givenName,
    middleNames: person.middleNames,
    familyName: person.familyName,
    dateOfBirth: person.dateOfBirth,
    gender: person.gender,
    ethnicity: person.ethnicity,
    area: person.areaCode,
    leadAgency: person.leadAgencyCode,
    ...identifiers,
    aliases: person.aliases,
    managers: person.managers.map((m) => ({ userId: m.userId, kind: m.kind, name: m.displayName })),
    restricted: person.restricted,
    version: person.version,
    createdAt: person.createdAt.toISOString(),
    updatedAt: person.updatedAt.toISOString(),
  }
}
