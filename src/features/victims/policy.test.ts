import { describe, expect, it } from 'vitest'
import type { AgencyType } from '../../domain/agency-types.js'
import { decideVictimAccess, type VictimAccessFacts } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { type Permission, permissionsOf, type Role } from '../../security/roles.js'

function user(roles: Role[], agencyType: AgencyType, areaCodes = ['west-yorkshire']): Principal {
  return {
    kind: 'user',
    userId: 'u1',
    displayName: 'Test',
    membership: { id: 'm1', agencyId: 'a1', agencyCode: 'x', agencyName: 'X', agencyType, areaCodes, roles },
    membershipCount: 1,
    permissions: permissionsOf(roles),
  }
}

function apiKey(scopes: Permission[], agencyType: AgencyType = 'probation'): Principal {
  return {
    kind: 'api_key',
    apiKeyId: 'k1',
    displayName: 'Key',
    membership: {
      id: 'k1',
      agencyId: 'a1',
      agencyCode: 'x',
      agencyName: 'X',
      agencyType,
      areaCodes: ['west-yorkshire'],
      roles: [],
    },
    permissions: new Set(scopes),
  }
}

const facts: VictimAccessFacts = {
  areaCode: 'west-yorkshire',
  restricted: false,
  leadManager: false,
  named: false,
}
const lead = { ...facts, leadManager: true }
const restricted = { ...facts, restricted: true }
const restrictedNamed = { ...restricted, named: true }
const otherArea = { ...facts, areaCode: 'london' }

const vlo = user(['victim_liaison_officer'], 'probation')
const om = user(['offender_manager'], 'police')
const coordinator = user(['mappa_coordinator'], 'probation')
const chair = user(['meeting_chair'], 'police')
const housing = user(['agency_representative'], 'housing_authority')
const vloElsewhere = user(['victim_liaison_officer'], 'probation', ['london'])

/**
 * The victim compartment (DVCVA 2004 ss.35-45, Victims' Code): full details for VLOs of the area
 * and the case's named managers; everyone else who may see the record gets the redacted view.
 */
describe('decideVictimAccess', () => {
  it.each<[string, Principal, VictimAccessFacts, 'full' | 'redacted', string?]>([
    ['a VLO of the area', vlo, facts, 'full', 'victim_liaison'],
    ['a VLO of another area', vloElsewhere, facts, 'redacted'],
    ['a VLO of that other area', vloElsewhere, otherArea, 'full', 'victim_liaison'],
    ['a VLO of the area, record in another area', vlo, otherArea, 'redacted'],
    ['a VLO on a restricted record they are not named on', vlo, restricted, 'redacted'],
    ['a VLO named on a restricted record', vlo, restrictedNamed, 'full', 'victim_liaison'],
    ['the case’s named offender manager', om, lead, 'full', 'lead_manager'],
    ['an offender manager of the area not named on the case', om, facts, 'redacted'],
    ['a co-ordinator not named on the case', coordinator, facts, 'redacted'],
    ['a co-ordinator named on the case', coordinator, lead, 'full', 'lead_manager'],
    ['a chair (no victim:view), even if named', chair, lead, 'redacted'],
    ['a housing representative the case is shared with', housing, facts, 'redacted'],
    ['an API key with the VLO scopes in the area', apiKey(['victim:view', 'victim:manage']), facts, 'full'],
    [
      'an API key with victim:view only (a key is never a named manager)',
      apiKey(['victim:view']),
      facts,
      'redacted',
    ],
    [
      'a housing API key with victim:manage',
      apiKey(['victim:view', 'victim:manage'], 'housing_authority'),
      facts,
      'redacted',
    ],
  ])('%s: %s', (_name, principal, f, level, basis) => {
    const decision = decideVictimAccess(principal, f)
    expect(decision.level).toBe(level)
    if (basis) expect(decision).toMatchObject({ basis })
    if (decision.level === 'redacted') expect(decision.message).toMatch(/victim/i)
  })
})
