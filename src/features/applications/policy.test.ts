import { describe, expect, it } from 'vitest'
import type { AgencyType } from '../../domain/agency-types.js'
import { type ApplicationAccessFacts, decideApplicationAccess } from '../../security/policy.js'
import type { Principal } from '../../security/principal.js'
import { permissionsOf, type Role } from '../../security/roles.js'

function user(
  roles: Role[],
  agencyType: AgencyType,
  agencyId = 'wyp',
  areaCodes = ['west-yorkshire'],
): Principal {
  return {
    kind: 'user',
    userId: 'u1',
    displayName: 'Test',
    membership: { id: 'm1', agencyId, agencyCode: agencyId, agencyName: 'X', agencyType, areaCodes, roles },
    membershipCount: 1,
    permissions: permissionsOf(roles),
  }
}

const received: ApplicationAccessFacts = { areaCode: 'west-yorkshire', policeAgencyId: null }

// Only the police run the disclosure schemes (DVDS statutory guidance; CSODS police guidance).
describe('who may work a disclosure scheme application', () => {
  it.each([
    ['police offender manager of the area', user(['offender_manager'], 'police'), received, true],
    [
      'police of the force working it',
      user(['offender_manager'], 'police'),
      { ...received, policeAgencyId: 'wyp' },
      true,
    ],
    [
      'police of another force in the same area (London has two)',
      user(['offender_manager'], 'police', 'city'),
      { ...received, policeAgencyId: 'wyp' },
      false,
    ],
    [
      'police of another area',
      user(['offender_manager'], 'police'),
      { ...received, areaCode: 'london' },
      false,
    ],
    [
      'an application with no area',
      user(['offender_manager'], 'police'),
      { ...received, areaCode: null },
      false,
    ],
    [
      'probation offender manager (has the permission, not police)',
      user(['offender_manager'], 'probation'),
      received,
      false,
    ],
    ['MAPPA co-ordinator (probation)', user(['mappa_coordinator'], 'probation'), received, false],
    ['meeting chair (police, no permission)', user(['meeting_chair'], 'police'), received, false],
    ['victim liaison officer', user(['victim_liaison_officer'], 'probation'), received, false],
    ['housing representative', user(['agency_representative'], 'housing_authority'), received, false],
    ['administrator', user(['administrator'], 'other'), received, false],
  ] as const)('%s → %s', (_name, principal, facts, allowed) => {
    expect(decideApplicationAccess(principal, facts).allowed).toBe(allowed)
  })
})
