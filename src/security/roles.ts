/** What a membership may do by its roles alone; record-level rules are in policy.ts. */
export const ROLES = [
  'offender_manager',
  'mappa_coordinator',
  'meeting_chair',
  'agency_representative',
  'victim_liaison_officer',
  'smb_member',
  'lay_adviser',
  'administrator',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  offender_manager: 'Offender manager',
  mappa_coordinator: 'MAPPA co-ordinator',
  meeting_chair: 'Meeting chair',
  agency_representative: 'Agency representative',
  victim_liaison_officer: 'Victim liaison officer',
  smb_member: 'Strategic Management Board member',
  lay_adviser: 'Lay adviser',
  administrator: 'Administrator',
}

export const PERMISSIONS = [
  'person:list',
  'person:view',
  'person:create',
  'person:edit',
  /** Open a restricted record one is not named on, giving a reason that alerts its owners. */
  'person:break_glass',
  'person:restrict',
  /** Bank accounts and cards unmasked. */
  'person:view_financial',
  /** Share a case with a duty-to-co-operate agency, with its lawful basis. */
  'person:share',
  'person:merge',
  /** Register under MAPPA, change category or level, confirm de-registration, ask for a transfer. */
  'registration:manage',
  /** Accept or decline a transfer into one's area. */
  'transfer:decide',
  'notification:record',
  /** Record risk assessments, draft plans, conditions and zones. */
  'risk:manage',
  /** Sign off a risk management plan. */
  'plan:sign_off',
  'visit:record',
  'user:manage',
  'agency:manage',
] as const
export type Permission = (typeof PERMISSIONS)[number]

const CASE_WORK: Permission[] = [
  'person:list',
  'person:view',
  'person:create',
  'person:edit',
  'person:break_glass',
  'person:view_financial',
  'person:share',
  'registration:manage',
  'notification:record',
  'risk:manage',
  'visit:record',
]

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  offender_manager: CASE_WORK,
  mappa_coordinator: [...CASE_WORK, 'person:restrict', 'person:merge', 'transfer:decide', 'plan:sign_off'],
  meeting_chair: ['person:list', 'person:view', 'person:break_glass', 'registration:manage', 'plan:sign_off'],
  agency_representative: ['person:list', 'person:view'],
  victim_liaison_officer: ['person:list', 'person:view'],
  // Oversight roles see figures, never case records (lay advisers never see identities).
  smb_member: [],
  lay_adviser: [],
  // Administrators manage users and agencies but do not, by that role, see case records.
  administrator: ['user:manage', 'agency:manage'],
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role]))
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value)
}
