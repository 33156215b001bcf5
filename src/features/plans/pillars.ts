/**
 * The four pillars of a MAPPA risk management plan and its contingency plan (MAPPA Guidance
 * ch.12–13), in the order the plan shows them.
 */
export const PILLARS = [
  'supervision',
  'monitoring_control',
  'interventions_treatment',
  'victim_safety',
  'contingency',
] as const
export type Pillar = (typeof PILLARS)[number]

export const PILLAR_LABELS: Record<Pillar, string> = {
  supervision: 'Supervision',
  monitoring_control: 'Monitoring and control',
  interventions_treatment: 'Interventions and treatment',
  victim_safety: 'Victim safety',
  contingency: 'Contingency',
}

/** What each part of the plan is for, as hint text on the form. */
export const PILLAR_HINTS: Record<Pillar, string> = {
  supervision: 'Who sees the person, how often and where: reporting, appointments, home visits.',
  monitoring_control:
    'Licence conditions, order prohibitions, electronic monitoring, polygraph, device checks and police intelligence.',
  interventions_treatment:
    'Accredited programmes, mental health or substance misuse treatment, accommodation, work and training.',
  victim_safety:
    'Measures to protect known and potential victims: exclusion zones, no-contact conditions, safety planning with the VLO.',
  contingency: 'What each agency will do if the plan breaks down or risk rises: triggers and responses.',
}

export const REFERENCE = 'MAPPA Guidance ch.12'

export const isPillar = (value: unknown): value is Pillar =>
  typeof value === 'string' && (PILLARS as readonly string[]).includes(value)
