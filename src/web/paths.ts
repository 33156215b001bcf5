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
    /** Choose the tool, then (with `tool`) the form for it. */
    newRiskAssessment: (id: string, tool?: string) =>
      tool ? `/people/${id}/risk/assessments/new/${tool}` : `/people/${id}/risk/assessments/new`,
    riskAssessment: (id: string, assessmentId: string) => `/people/${id}/risk/assessments/${assessmentId}`,
    correctRiskAssessment: (id: string, assessmentId: string) =>
      `/people/${id}/risk/assessments/${assessmentId}/correct`,
    newPersonAtRisk: (id: string) => `/people/${id}/risk/people-at-risk/new`,
    endPersonAtRisk: (id: string, atRiskId: string) => `/people/${id}/risk/people-at-risk/${atRiskId}/end`,
    plan: (id: string) => `/people/${id}/plan`,
    newPlanDraft: (id: string) => `/people/${id}/plan/new`,
    planVersion: (id: string, number: number) => `/people/${id}/plan/versions/${number}`,
    planEdit: (id: string, number: number) => `/people/${id}/plan/versions/${number}/edit`,
    planSignOff: (id: string, number: number) => `/people/${id}/plan/versions/${number}/sign-off`,
    planCompare: (id: string, query?: { from?: number; to?: number }) =>
      withQuery(`/people/${id}/plan/compare`, query),
    conditions: (id: string) => `/people/${id}/conditions`,
    /** Choose the kind of condition, then (with `kind`) the form for it. */
    newCondition: (id: string, kind?: string) => withQuery(`/people/${id}/conditions/new`, { kind }),
    changeCondition: (id: string, conditionId: string) => `/people/${id}/conditions/${conditionId}/change`,
    endCondition: (id: string, conditionId: string) => `/people/${id}/conditions/${conditionId}/end`,
    newZone: (id: string) => `/people/${id}/zones/new`,
    zone: (id: string, zoneId: string) => `/people/${id}/zones/${zoneId}`,
    changeZone: (id: string, zoneId: string) => `/people/${id}/zones/${zoneId}/change`,
    endZone: (id: string, zoneId: string) => `/people/${id}/zones/${zoneId}/end`,
    zoneGeoJson: (id: string, zoneId: string) => `/people/${id}/zones/${zoneId}/geojson`,
    visits: (id: string) => `/people/${id}/visits`,
    newVisit: (id: string) => `/people/${id}/visits/new`,
    visit: (id: string, visitId: string) => `/people/${id}/visits/${visitId}`,
    /** start or end */
    reactiveManagement: (id: string, action: 'start' | 'end') => `/people/${id}/visits/reactive/${action}`,
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
    /** Referrals, meetings and actions about the person. */
    meetings: (id: string) => `/people/${id}/meetings`,
    newReferral: (id: string) => `/people/${id}/referrals/new`,
    victims: (id: string) => `/people/${id}/victims`,
    newVictim: (id: string) => `/people/${id}/victims/new`,
    victim: (id: string, victimId: string) => `/people/${id}/victims/${victimId}`,
    /** change, scheme, views, requests, contact or end */
    victimChange: (id: string, victimId: string, change: string) =>
      `/people/${id}/victims/${victimId}/${change}`,
    victimRequest: (id: string, victimId: string, requestId: string) =>
      `/people/${id}/victims/${victimId}/requests/${requestId}`,
    /** grant (add as a condition) or decision (refused, partly granted) */
    victimRequestAction: (id: string, victimId: string, requestId: string, action: 'grant' | 'decision') =>
      `/people/${id}/victims/${victimId}/requests/${requestId}/${action}`,
    /** Record a release, recall or end of licence (a significant event for victims). */
    newSignificantEvent: (id: string) => `/people/${id}/significant-events/new`,
    /** The person's own data as JSON, without victims' or other third parties' details. */
    subjectAccess: (id: string) => `/people/${id}/subject-access`,
    disclosures: (id: string) => `/people/${id}/disclosures`,
    newDisclosure: (id: string) => `/people/${id}/disclosures/new`,
  },
  referrals: {
    list: (query?: Record<string, string | number | undefined>) => withQuery('/referrals', query),
    show: (id: string) => `/referrals/${id}`,
    edit: (id: string) => `/referrals/${id}/edit`,
    /** accept, decline or request-information */
    screen: (id: string, decision?: string) =>
      decision ? `/referrals/${id}/screen/${decision}` : `/referrals/${id}/screen`,
  },
  meetings: {
    list: (query?: Record<string, string | number | undefined>) => withQuery('/meetings', query),
    create: (query?: Record<string, string | number | undefined>) => withQuery('/meetings/new', query),
    show: (id: string) => `/meetings/${id}`,
    edit: (id: string) => `/meetings/${id}/edit`,
    cancel: (id: string) => `/meetings/${id}/cancel`,
    addCase: (id: string) => `/meetings/${id}/cases/new`,
    invitations: (id: string) => `/meetings/${id}/invitations`,
    revokeInvitation: (id: string, invitationId: string) =>
      `/meetings/${id}/invitations/${invitationId}/revoke`,
    pack: (id: string, caseId: string) => `/meetings/${id}/cases/${caseId}/pack`,
    packPdf: (id: string, caseId: string) => `/meetings/${id}/cases/${caseId}/pack.pdf`,
    attendance: (id: string) => `/meetings/${id}/attendance`,
    minutes: (id: string, caseId: string) => `/meetings/${id}/cases/${caseId}/minutes`,
    minutesField: (id: string, caseId: string, field: string) =>
      `/meetings/${id}/cases/${caseId}/minutes/${field}`,
    /** disclosure, level, victims, plan */
    decision: (id: string, caseId: string, decision: string) =>
      `/meetings/${id}/cases/${caseId}/decisions/${decision}`,
    newAction: (id: string, caseId: string) => `/meetings/${id}/cases/${caseId}/actions/new`,
    finalise: (id: string) => `/meetings/${id}/finalise`,
    minutesPdf: (id: string) => `/meetings/${id}/minutes.pdf`,
    quality: (id: string) => `/meetings/${id}/quality`,
  },
  actions: {
    list: (query?: Record<string, string | number | undefined>) => withQuery('/actions', query),
    show: (id: string) => `/actions/${id}`,
    /** Mark done with evidence of completion. */
    complete: (id: string) => `/actions/${id}/complete`,
    /** Cancel with a reason. */
    cancel: (id: string) => `/actions/${id}/cancel`,
  },
  meetingsDashboard: () => '/dashboards/meetings',
  quality: (query?: Record<string, string | number | undefined>) => withQuery('/quality', query),
  victimAlerts: () => '/victim-alerts',
  /** read, or told (a victim was told of the alert's event) */
  victimAlert: (id: string, action: 'read' | 'told') => `/victim-alerts/${id}/${action}`,
  disclosures: {
    register: (query?: Record<string, string | number | undefined>) => withQuery('/disclosures', query),
    show: (id: string) => `/disclosures/${id}`,
    edit: (id: string) => `/disclosures/${id}/edit`,
  },
  applications: {
    list: (query?: Record<string, string | number | undefined>) => withQuery('/applications', query),
    create: () => '/applications/new',
    show: (id: string) => `/applications/${id}`,
    /** triage, match, face-to-face, checks, decision, disclosure, letter, close */
    stage: (id: string, stage: string) => `/applications/${id}/${stage}`,
    letterPdf: (id: string) => `/applications/${id}/letter.pdf`,
    dashboard: () => '/dashboards/applications',
  },
  /** Public disclosure scheme forms: no sign-in; `cy` for Welsh. */
  apply: {
    start: (lang: 'en' | 'cy' = 'en') => (lang === 'cy' ? '/cy/gwneud-cais' : '/apply'),
    question: (lang: 'en' | 'cy', scheme: string, step: string) =>
      `${lang === 'cy' ? '/cy/gwneud-cais' : '/apply'}/${scheme}/${step}`,
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
  /** One manager's overdue visits (`none`: people without a named police offender manager). */
  visitsDashboardFor: (manager: string) => withQuery('/dashboards/visits', { manager }),
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
    riskAssessment: (id: string, assessmentId: string) =>
      `/api/v1/people/${id}/risk-assessments/${assessmentId}`,
    riskAssessmentCorrections: (id: string, assessmentId: string) =>
      `/api/v1/people/${id}/risk-assessments/${assessmentId}/corrections`,
    riskSummary: (id: string) => `/api/v1/people/${id}/risk-summary`,
    peopleAtRisk: (id: string) => `/api/v1/people/${id}/people-at-risk`,
    personAtRisk: (id: string, atRiskId: string) => `/api/v1/people/${id}/people-at-risk/${atRiskId}`,
    endPersonAtRisk: (id: string, atRiskId: string) => `/api/v1/people/${id}/people-at-risk/${atRiskId}/end`,
    riskPlans: (id: string) => `/api/v1/people/${id}/risk-plans`,
    riskPlan: (id: string, number: number) => `/api/v1/people/${id}/risk-plans/${number}`,
    riskPlanSignOff: (id: string, number: number) => `/api/v1/people/${id}/risk-plans/${number}/sign-off`,
    riskPlansCompare: (id: string, query?: { from?: number; to?: number }) =>
      withQuery(`/api/v1/people/${id}/risk-plans/compare`, query),
    conditions: (id: string) => `/api/v1/people/${id}/conditions`,
    zones: (id: string) => `/api/v1/people/${id}/zones`,
    condition: (id: string, conditionId: string) => `/api/v1/people/${id}/conditions/${conditionId}`,
    conditionEnd: (id: string, conditionId: string) => `/api/v1/people/${id}/conditions/${conditionId}/end`,
    zone: (id: string, zoneId: string) => `/api/v1/people/${id}/zones/${zoneId}`,
    zoneEnd: (id: string, zoneId: string) => `/api/v1/people/${id}/zones/${zoneId}/end`,
    zonesCheck: () => '/api/v1/zones/check',
    visits: (id: string) => `/api/v1/people/${id}/visits`,
    visit: (id: string, visitId: string) => `/api/v1/people/${id}/visits/${visitId}`,
    visitPlan: (id: string) => `/api/v1/people/${id}/visit-plan`,
    reactiveManagement: (id: string) => `/api/v1/people/${id}/reactive-management`,
    reactiveManagementEnd: (id: string) => `/api/v1/people/${id}/reactive-management/end`,
    visitsDashboard: () => '/api/v1/dashboards/visits',
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
    referrals: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/referrals', query),
    referral: (id: string) => `/api/v1/referrals/${id}`,
    referralScreening: (id: string) => `/api/v1/referrals/${id}/screening`,
    meetings: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/meetings', query),
    meeting: (id: string) => `/api/v1/meetings/${id}`,
    meetingCases: (id: string) => `/api/v1/meetings/${id}/cases`,
    meetingInvitations: (id: string) => `/api/v1/meetings/${id}/invitations`,
    meetingPack: (id: string, caseId: string) => `/api/v1/meetings/${id}/cases/${caseId}/pack`,
    meetingAttendance: (id: string) => `/api/v1/meetings/${id}/attendance`,
    minutes: (id: string) => `/api/v1/meetings/${id}/minutes`,
    minutesFinalise: (id: string) => `/api/v1/meetings/${id}/minutes/finalise`,
    meetingQuality: (id: string) => `/api/v1/meetings/${id}/quality`,
    quality: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/quality', query),
    actions: (query?: Record<string, string | number | undefined>) => withQuery('/api/v1/actions', query),
    action: (id: string) => `/api/v1/actions/${id}`,
    victims: (id: string) => `/api/v1/people/${id}/victims`,
    victim: (id: string, victimId: string) => `/api/v1/people/${id}/victims/${victimId}`,
    victimSchemeChoices: (id: string, victimId: string) =>
      `/api/v1/people/${id}/victims/${victimId}/scheme-choices`,
    victimViews: (id: string, victimId: string) => `/api/v1/people/${id}/victims/${victimId}/views`,
    victimRequests: (id: string, victimId: string) => `/api/v1/people/${id}/victims/${victimId}/requests`,
    /** grant (add as a condition) or decision (refused, partly granted) */
    victimRequestAction: (id: string, victimId: string, requestId: string, action: 'grant' | 'decision') =>
      `/api/v1/people/${id}/victims/${victimId}/requests/${requestId}/${action}`,
    disclosures: (query?: Record<string, string | number | undefined>) =>
      withQuery('/api/v1/disclosures', query),
    disclosure: (id: string) => `/api/v1/disclosures/${id}`,
    applications: (query?: Record<string, string | number | undefined>) =>
      withQuery('/api/v1/applications', query),
    application: (id: string) => `/api/v1/applications/${id}`,
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
