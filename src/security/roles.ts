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
  /** Export a person's own data for a subject access request (third parties' details withheld). */
  'person:subject_access',
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
  /** Refer a case for Level 2 or 3 management or Category 3 registration (MAPPA A). */
  'referral:create',
  /** Screen referrals: accept, decline or ask for more information. */
  'referral:screen',
  /** See meetings: responsible-authority staff in their areas; others only where invited. */
  'meeting:view',
  /** Schedule meetings, set agendas and invite agencies. */
  'meeting:manage',
  /** Record attendance, minutes and decisions; the meeting's chair finalises. */
  'meeting:minute',
  /** Update actions owned by oneself or one's agency, with evidence. */
  'action:update',
  /** Quality audit figures (MAPPA L) per meeting and per area, without identities. */
  'quality:view',
  /** Victims' identities, contact details and views: VLOs (lead managers see their own cases'). */
  'victim:view',
  'victim:manage',
  /** Record disclosures and decisions to disclose. */
  'disclosure:record',
  'disclosure:view',
  /** Work disclosure scheme applications (police). */
  'application:process',
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
  'referral:create',
  'meeting:view',
  'action:update',
  'victim:view',
  'disclosure:record',
  'disclosure:view',
  'application:process',
]

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  offender_manager: CASE_WORK,
  mappa_coordinator: [
    ...CASE_WORK,
    'person:restrict',
    'person:merge',
    'person:subject_access',
    'transfer:decide',
    'plan:sign_off',
    'referral:screen',
    'meeting:manage',
    'meeting:minute',
    'quality:view',
  ],
  meeting_chair: [
    'person:list',
    'person:view',
    'person:break_glass',
    'registration:manage',
    'risk:manage',
    'plan:sign_off',
    'meeting:view',
    'meeting:minute',
    'action:update',
    'disclosure:record',
    'disclosure:view',
    'quality:view',
  ],
  // Duty-to-co-operate agencies see shared cases and the packs of meetings they are invited to.
  agency_representative: ['person:list', 'person:view', 'meeting:view', 'action:update'],
  victim_liaison_officer: [
    'person:list',
    'person:view',
    'meeting:view',
    'action:update',
    'victim:view',
    'victim:manage',
    'disclosure:view',
  ],
  // Oversight roles see figures, never case records (lay advisers never see identities).
  smb_member: ['quality:view'],
  lay_adviser: ['quality:view'],
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
