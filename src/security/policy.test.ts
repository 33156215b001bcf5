import { describe, expect, it } from 'vitest'
import type { AgencyType } from '../domain/agency-types.js'
import { decideMeetingAccess, decidePersonAccess, mayDo, type PersonAccessFacts } from './policy.js'
import type { Principal } from './principal.js'
import { type Permission, permissionsOf, type Role } from './roles.js'

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

const inArea: PersonAccessFacts = {
  areaCode: 'west-yorkshire',
  restricted: false,
  named: false,
  grant: null,
  sharedWithAgency: false,
}
const otherArea = { ...inArea, areaCode: 'london' }
const restricted = { ...inArea, restricted: true }
const shared = { ...inArea, sharedWithAgency: true }

type Row = [
  string,
  Principal,
  Permission,
  PersonAccessFacts,
  'allowed' | 'forbidden' | 'restricted' | 'reason_required',
]

const om = user(['offender_manager'], 'police')
const coordinator = user(['mappa_coordinator'], 'probation')
const chair = user(['meeting_chair'], 'police')
const housing = user(['agency_representative'], 'housing_authority')
const vlo = user(['victim_liaison_officer'], 'probation')
const smb = user(['smb_member'], 'other')
const lay = user(['lay_adviser'], 'other')
const admin = user(['administrator'], 'other')

// Who may do what to a person's record (CJA 2003 s.325 responsible authority; s.325(3) duty to co-operate).
const table: Row[] = [
  ['offender manager views a case in their area', om, 'person:view', inArea, 'allowed'],
  ['offender manager edits a case in their area', om, 'person:edit', inArea, 'allowed'],
  [
    'offender manager opens another area’s case: reason needed',
    om,
    'person:view',
    otherArea,
    'reason_required',
  ],
  [
    'offender manager with a stated-reason grant opens it',
    om,
    'person:view',
    { ...otherArea, grant: 'stated_reason' },
    'allowed',
  ],
  [
    'offender manager named on another area’s case opens it',
    om,
    'person:view',
    { ...otherArea, named: true },
    'allowed',
  ],
  ['restricted record refuses an unnamed offender manager', om, 'person:view', restricted, 'restricted'],
  [
    'restricted record opens to a named manager',
    om,
    'person:view',
    { ...restricted, named: true },
    'allowed',
  ],
  [
    'restricted record opens after break-glass',
    om,
    'person:view',
    { ...restricted, grant: 'break_glass' },
    'allowed',
  ],
  [
    'a stated-reason grant does not open a restricted record',
    om,
    'person:view',
    { ...restricted, grant: 'stated_reason' },
    'restricted',
  ],
  ['co-ordinator edits a case in their area', coordinator, 'person:edit', inArea, 'allowed'],
  ['co-ordinator may restrict records', coordinator, 'person:restrict', inArea, 'allowed'],
  ['offender manager may not restrict records', om, 'person:restrict', inArea, 'forbidden'],
  ['chair views a case in their area', chair, 'person:view', inArea, 'allowed'],
  ['chair may not edit', chair, 'person:edit', inArea, 'forbidden'],
  ['housing representative cannot see an unshared case', housing, 'person:view', inArea, 'forbidden'],
  ['housing representative sees a case shared with their agency', housing, 'person:view', shared, 'allowed'],
  ['housing representative cannot edit even a shared case', housing, 'person:edit', shared, 'forbidden'],
  [
    'housing representative cannot open a restricted shared case',
    housing,
    'person:view',
    { ...shared, restricted: true },
    'restricted',
  ],
  ['victim liaison officer views a case in their area', vlo, 'person:view', inArea, 'allowed'],
  ['SMB member sees no case records', smb, 'person:view', inArea, 'forbidden'],
  ['lay adviser sees no case records', lay, 'person:view', inArea, 'forbidden'],
  ['administrator sees no case records by that role', admin, 'person:view', inArea, 'forbidden'],
]

describe('access policy: who may do what to a person’s record', () => {
  it.each(table)('%s', (_name, principal, permission, facts, expected) => {
    const decision = decidePersonAccess(principal, permission, facts)
    expect(decision.allowed ? 'allowed' : decision.outcome).toBe(expected)
  })

  it('refuses an API key another area’s record outright (no reason can be stated)', () => {
    const key: Principal = { ...om, kind: 'api_key', apiKeyId: 'k1' } as Principal
    const decision = decidePersonAccess(key, 'person:view', otherArea)
    expect(decision).toMatchObject({ allowed: false, outcome: 'forbidden' })
  })

  it.each([
    [admin, 'user:manage', true],
    [admin, 'agency:manage', true],
    [om, 'user:manage', false],
    [coordinator, 'agency:manage', false],
    [lay, 'person:list', false],
    [housing, 'person:create', false],
  ] as const)('role permission %#: %s', (principal, permission, expected) => {
    expect(mayDo(principal, permission)).toBe(expected)
  })

  it('denies everything to no principal (default deny)', () => {
    expect(mayDo(undefined, 'person:view')).toBe(false)
  })
})

describe('meeting access (CJA 2003 s.325(3)-(4): co-operation case by case)', () => {
  const now = new Date('2026-11-21T10:00:00Z')
  const later = new Date('2026-11-28T10:00:00Z')
  const earlier = new Date('2026-11-20T10:00:00Z')
  const rows: [string, Principal, Permission, string, Date | null, 'area' | 'invitation' | 'refused'][] = [
    ['co-ordinator sees their area’s meeting', coordinator, 'meeting:manage', 'west-yorkshire', null, 'area'],
    ['chair minutes their area’s meeting', chair, 'meeting:minute', 'west-yorkshire', null, 'area'],
    ['police see another area’s meeting only if invited', om, 'meeting:view', 'london', null, 'refused'],
    ['invited police from another area see it', om, 'meeting:view', 'london', later, 'invitation'],
    ['housing not invited: refused', housing, 'meeting:view', 'west-yorkshire', null, 'refused'],
    ['housing invited: sees the meeting', housing, 'meeting:view', 'west-yorkshire', later, 'invitation'],
    [
      'housing after the invitation ended: refused',
      housing,
      'meeting:view',
      'west-yorkshire',
      earlier,
      'refused',
    ],
    [
      'housing cannot minute even when invited',
      housing,
      'meeting:minute',
      'west-yorkshire',
      later,
      'refused',
    ],
    [
      'housing cannot manage even when invited',
      housing,
      'meeting:manage',
      'west-yorkshire',
      later,
      'refused',
    ],
    ['lay adviser never sees a meeting', lay, 'meeting:view', 'west-yorkshire', later, 'refused'],
    ['SMB member never sees a meeting', smb, 'meeting:view', 'west-yorkshire', later, 'refused'],
    ['administrator never sees a meeting', admin, 'meeting:view', 'west-yorkshire', later, 'refused'],
    ['VLO sees their area’s meeting', vlo, 'meeting:view', 'west-yorkshire', null, 'area'],
  ]
  it.each(rows)('%s', (_name, principal, permission, areaCode, invitedUntil, expected) => {
    const decision = decideMeetingAccess(principal, permission, { areaCode, invitedUntil }, now)
    expect(decision.allowed ? decision.basis : 'refused').toBe(expected)
  })
})
