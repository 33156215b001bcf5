/**
 * The free-text sections of a case's minutes, in the order of the MAPPA C minutes template
 * (MAPPA Guidance ch.13 and the MAPPA C form): each is saved on its own, with its own version,
 * so that two people typing in different sections never collide.
 */
export interface TextField {
  key: string
  label: string
  hint?: string
  rows: number
}

export type SectionKey = 'risk' | 'plan' | 'victims' | 'level' | 'dissent'

/** Fields with a fixed key, grouped by the section of the minutes they belong to. */
export const SECTION_FIELDS: Record<SectionKey, TextField[]> = {
  risk: [
    {
      key: 'risk-rosh',
      label: 'Risk of serious harm, by group',
      hint: 'Risk to children, the public, a known adult, staff and prisoners: who is at risk, of what, how imminent',
      rows: 5,
    },
    {
      key: 'risk-victims',
      label: 'Victims and potential victims',
      hint: 'Do not record victims’ addresses or contact details in the minutes',
      rows: 4,
    },
    {
      key: 'risk-diversity',
      label: 'Diversity',
      hint: 'Needs arising from protected characteristics, language, disability or faith that affect the risk or the plan',
      rows: 3,
    },
  ],
  plan: [
    {
      key: 'plan-changes',
      label: 'What the meeting changed in the plan, and why',
      rows: 4,
    },
  ],
  victims: [
    {
      key: 'victim-issues',
      label: 'Victim issues',
      hint: 'The victims’ views and concerns as the Victim Liaison Officer reported them, and how the plan answers them',
      rows: 5,
    },
  ],
  level: [
    { key: 'level-rationale', label: 'Why the meeting decided this level', rows: 4 },
    {
      key: 'category-rationale',
      label: 'Why the category is changing (if it is)',
      rows: 3,
    },
  ],
  dissent: [
    {
      key: 'dissent',
      label: 'Dissent (optional)',
      hint: 'Who disagreed with a decision, for which agency, and why',
      rows: 3,
    },
  ],
}

const INFORMATION = 'information:'

/** The field for what an agency told the meeting (one per attending or reporting agency). */
export const informationKey = (agencyId: string) => `${INFORMATION}${agencyId}`

/** The agency an information field belongs to, or undefined for any other field. */
export function agencyOfField(key: string): string | undefined {
  const id = key.startsWith(INFORMATION) ? key.slice(INFORMATION.length) : undefined
  return id && /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : undefined
}

/** Fields about victims: withheld from readers outside the responsible authority. */
export const VICTIM_FIELD_KEYS: ReadonlySet<string> = new Set(['risk-victims', 'victim-issues'])

const FIXED = new Map(Object.values(SECTION_FIELDS).flatMap((list) => list.map((f) => [f.key, f])))

export const fixedField = (key: string) => FIXED.get(key)

/** Is `key` a field of the minutes (a fixed section, or an agency's information)? */
export const isFieldKey = (key: string) => FIXED.has(key) || agencyOfField(key) !== undefined

/** A field's id in the page: ids may not hold the colon of an information key. */
export const fieldId = (key: string) => `field-${key.replace(':', '-')}`

/** The hidden input carrying the version a field was read at. */
export const versionName = (key: string) => `version:${key}`

/** The longest text one field keeps (about twenty pages of typing). */
export const MAX_FIELD_LENGTH = 50_000
