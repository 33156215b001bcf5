/** Every URL the service links to or redirects to comes from here, never a literal in a handler. */
export const paths = {
  home: () => '/',
  health: () => '/health',
  signIn: (returnTo?: string) =>
    returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in',
  signInCode: () => '/sign-in/code',
  signInSetUpCode: () => '/sign-in/set-up-code',
  signInOidc: () => '/sign-in/oidc',
  signInOidcCallback: () => '/sign-in/oidc/callback',
  signOut: () => '/sign-out',
  chooseMembership: () => '/choose-membership',
  people: {
    list: (query?: Record<string, string | number | undefined>) => withQuery('/people', query),
    create: () => '/people/new',
    show: (id: string) => `/people/${id}`,
    edit: (id: string) => `/people/${id}/edit`,
    access: (id: string) => `/people/${id}/access`,
    eligibility: (id: string) => `/people/${id}/mappa-eligibility`,
    newConviction: (id: string) => `/people/${id}/convictions/new`,
    /** A section of facts over time: identity, addresses, contacts, vehicles, financial, … */
    section: (id: string, section: string) => `/people/${id}/${section}`,
    fact: (id: string, section: string, factId: string) => `/people/${id}/${section}/${factId}`,
    history: (id: string) => `/people/${id}/history`,
    risk: (id: string) => `/people/${id}/risk`,
    plan: (id: string) => `/people/${id}/plan`,
    conditions: (id: string) => `/people/${id}/conditions`,
    visits: (id: string) => `/people/${id}/visits`,
    registration: (id: string) => `/people/${id}/registration`,
    /** register, level, category, management or deregister */
    registrationChange: (id: string, change: string) => `/people/${id}/registration/${change}`,
    notifications: (id: string) => `/people/${id}/notifications`,
    newNotification: (id: string) => `/people/${id}/notifications/new`,
    newBreach: (id: string) => `/people/${id}/notifications/breaches/new`,
    breach: (id: string, breachId: string) => `/people/${id}/notifications/breaches/${breachId}`,
    sharing: (id: string) => `/people/${id}/sharing`,
    merge: (id: string) => `/people/${id}/merge`,
    unmerge: (id: string, mergeId: string) => `/people/${id}/merge/${mergeId}/undo`,
    revokeShare: (id: string, shareId: string) => `/people/${id}/sharing/${shareId}/revoke`,
    transfer: (id: string) => `/people/${id}/transfer`,
  },
  search: (query?: Record<string, string | number | undefined>) => withQuery('/search', query),
  transfers: () => '/transfers',
  transfer: (id: string) => `/transfers/${id}`,
  cases: {
    mine: (query?: Record<string, string | number | undefined>) => withQuery('/cases/mine', query),
    area: (query?: Record<string, string | number | undefined>) => withQuery('/cases/area', query),
    workQueue: (query?: Record<string, string | number | undefined>) => withQuery('/work-queue', query),
  },
  calculator: () => '/calculator',
  visitsDashboard: () => '/dashboards/visits',
  admin: {
    users: () => '/admin/users',
    newUser: () => '/admin/users/new',
    user: (id: string) => `/admin/users/${id}`,
    agencies: () => '/admin/agencies',
    newAgency: () => '/admin/agencies/new',
  },
  api: {
    people: () => '/api/v1/people',
    person: (id: string) => `/api/v1/people/${id}`,
    convictions: (id: string) => `/api/v1/people/${id}/convictions`,
    conviction: (id: string, convictionId: string) => `/api/v1/people/${id}/convictions/${convictionId}`,
    eligibility: (id: string) => `/api/v1/people/${id}/mappa-eligibility`,
    notificationDeadlines: (id: string) => `/api/v1/people/${id}/notification-deadlines`,
    notificationPeriod: () => '/api/v1/calculate/notification-period',
    section: (id: string, section: string) => `/api/v1/people/${id}/${section}`,
    fact: (id: string, section: string, factId: string) => `/api/v1/people/${id}/${section}/${factId}`,
    history: (id: string) => `/api/v1/people/${id}/history`,
    riskAssessments: (id: string) => `/api/v1/people/${id}/risk-assessments`,
    riskPlans: (id: string) => `/api/v1/people/${id}/risk-plans`,
    conditions: (id: string) => `/api/v1/people/${id}/conditions`,
    zones: (id: string) => `/api/v1/people/${id}/zones`,
    zonesCheck: () => '/api/v1/zones/check',
    visits: (id: string) => `/api/v1/people/${id}/visits`,
    registrations: (id: string) => `/api/v1/people/${id}/registrations`,
    registration: (id: string, registrationId: string) =>
      `/api/v1/people/${id}/registrations/${registrationId}`,
    deregistration: (id: string, registrationId: string) =>
      `/api/v1/people/${id}/registrations/${registrationId}/deregistration`,
    notifications: (id: string) => `/api/v1/people/${id}/notifications`,
    notificationBreaches: (id: string) => `/api/v1/people/${id}/notification-breaches`,
    notificationBreach: (id: string, breachId: string) =>
      `/api/v1/people/${id}/notification-breaches/${breachId}`,
    shares: (id: string) => `/api/v1/people/${id}/shares`,
    share: (id: string, shareId: string) => `/api/v1/people/${id}/shares/${shareId}`,
    revokeShare: (id: string, shareId: string) => `/api/v1/people/${id}/shares/${shareId}/revoke`,
    merges: () => '/api/v1/merges',
    merge: (id: string) => `/api/v1/merges/${id}`,
    unmerge: (id: string) => `/api/v1/merges/${id}/unmerge`,
    transfers: () => '/api/v1/transfers',
    transfer: (id: string) => `/api/v1/transfers/${id}`,
    search: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/search', query),
    workQueue: (query?: Record<string, string | number | undefined>) =>
      withQuery('/api/v1/work-queue', query),
    caseload: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/caseload', query),
  },
} as const

function withQuery(path: string, query?: Record<string, string | number | undefined>): string {
  const entries = Object.entries(query ?? {}).filter(([, v]) => v !== undefined && v !== '')
  if (entries.length === 0) return path
  return `${path}?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
}

/** Only same-site paths may be returned to after sign-in (no open redirects). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : paths.home()
}
