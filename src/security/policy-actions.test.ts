import { describe, expect, it } from 'vitest'
import type { AgencyType } from '../domain/agency-types.js'
import { type ActionAccessFacts, decideActionAccess, decideQualityAccess } from './policy.js'
import type { Principal } from './principal.js'
import { permissionsOf, type Role } from './roles.js'

function user(
  userId: string,
  roles: Role[],
  agencyType: AgencyType,
  agencyId: string,
  areaCodes = ['west-yorkshire'],
): Principal {
  return {
    kind: 'user',
    userId,
    displayName: 'Test',
    membership: { id: 'm1', agencyId, agencyCode: 'x', agencyName: 'X', agencyType, areaCodes, roles },
    membershipCount: 1,
    permissions: permissionsOf(roles),
  }
}

const owner = user('owner', ['agency_representative'], 'housing_authority', 'housing')
const colleague = user('colleague', ['agency_representative'], 'housing_authority', 'housing')
const otherHousing = user('other', ['agency_representative'], 'housing_authority', 'sheffield-housing')
const coordinator = user('coord', ['mappa_coordinator'], 'probation', 'probation')
const otherCoordinator = user('coord2', ['mappa_coordinator'], 'probation', 'sy-probation', [
  'south-yorkshire',
])
const om = user('om', ['offender_manager'], 'police', 'police')
const chair = user('chair', ['meeting_chair'], 'police', 'police')
const smb = user('smb', ['smb_member'], 'other', 'smb')
const lay = user('lay', ['lay_adviser'], 'other', 'smb')
const admin = user('admin', ['administrator'], 'other', 'admin')
const system: Principal = {
  kind: 'api_key',
  apiKeyId: 'k1',
  displayName: 'Housing system',
  membership: {
    id: 'k1',
    agencyId: 'housing',
    agencyCode: 'h',
    agencyName: 'H',
    agencyType: 'housing_authority',
    areaCodes: ['west-yorkshire'],
    roles: [],
  },
  permissions: new Set(['meeting:view', 'action:update']),
}

const housingAction: ActionAccessFacts = {
  areaCode: 'west-yorkshire',
  ownerUserId: 'owner',
  ownerAgencyId: 'housing',
}
const unnamedHousingAction: ActionAccessFacts = { ...housingAction, ownerUserId: null }
const policeAction: ActionAccessFacts = {
  areaCode: 'west-yorkshire',
  ownerUserId: 'om',
  ownerAgencyId: 'police',
}

type Row = [string, Principal, 'meeting:view' | 'action:update', ActionAccessFacts, string | false]

// Who may see and update an action (MAPPA Guidance ch.13; CJA 2003 s.325(3)).
const table: Row[] = [
  ['the owner updates their action', owner, 'action:update', housingAction, 'owner'],
  ['a colleague of the owner agency updates it', colleague, 'action:update', housingAction, 'agency'],
  [
    'the owner agency updates an action with no named owner',
    colleague,
    'action:update',
    unnamedHousingAction,
    'agency',
  ],
  [
    'the area co-ordinator updates any action of the area',
    coordinator,
    'action:update',
    housingAction,
    'coordinator',
  ],
  ['another area’s co-ordinator may not', otherCoordinator, 'action:update', housingAction, false],
  ['housing may not update police’s action', owner, 'action:update', policeAction, false],
  ['another housing agency may not update it', otherHousing, 'action:update', housingAction, false],
  [
    'an offender manager of the area may not update another agency’s action',
    om,
    'action:update',
    housingAction,
    false,
  ],
  ['the police owner updates theirs', om, 'action:update', policeAction, 'owner'],
  ['a chair of the owner agency updates it', chair, 'action:update', policeAction, 'agency'],
  ['a chair of another agency may not', chair, 'action:update', housingAction, false],
  ['the owner agency’s system updates it', system, 'action:update', housingAction, 'agency'],
  ['responsible-authority staff of the area see every action', om, 'meeting:view', housingAction, 'area'],
  ['housing sees its own agency’s actions', colleague, 'meeting:view', housingAction, 'agency'],
  ['housing does not see police’s actions', owner, 'meeting:view', policeAction, false],
  ['another area’s staff do not see them', otherCoordinator, 'meeting:view', policeAction, false],
  ['SMB members have no action ledger', smb, 'meeting:view', housingAction, false],
  ['administrators have no action ledger', admin, 'action:update', housingAction, false],
]

describe('decideActionAccess', () => {
  it.each(table)('%s', (_, principal, permission, facts, expected) => {
    const decision = decideActionAccess(principal, permission, facts)
    expect(decision.allowed ? decision.basis : false).toBe(expected)
  })
})

describe('decideQualityAccess', () => {
  const rows: [string, Principal, string, 'names' | 'figures' | false][] = [
    ['the co-ordinator sees the audit with names', coordinator, 'west-yorkshire', 'names'],
    ['a chair sees it with names', chair, 'west-yorkshire', 'names'],
    ['an offender manager of the area sees it with names', om, 'west-yorkshire', 'names'],
    ['an SMB member sees figures only', smb, 'west-yorkshire', 'figures'],
    ['a lay adviser sees figures only', lay, 'west-yorkshire', 'figures'],
    ['nobody sees another area’s audit', smb, 'london', false],
    ['a housing representative does not see the audit', owner, 'west-yorkshire', false],
    ['an administrator does not see the audit', admin, 'west-yorkshire', false],
  ]
  it.each(rows)('%s', (_, principal, area, expected) => {
    const decision = decideQualityAccess(principal, area)
    expect(decision.allowed ? (decision.identities ? 'names' : 'figures') : false).toBe(expected)
  })
})
