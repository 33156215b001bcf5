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
  },
  calculator: () => '/calculator',
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
