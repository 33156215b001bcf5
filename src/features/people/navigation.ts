import { paths } from '../../web/paths.js'

/** The sections of a person's record, in the order the sub-navigation lists them. */
export const RECORD_SECTIONS = [
  { key: 'overview', text: 'Overview', href: (id: string) => paths.people.show(id) },
  { key: 'identity', text: 'Identity', href: (id: string) => paths.people.section(id, 'identity') },
  { key: 'addresses', text: 'Addresses', href: (id: string) => paths.people.section(id, 'addresses') },
  { key: 'contacts', text: 'Contacts', href: (id: string) => paths.people.section(id, 'contacts') },
  { key: 'vehicles', text: 'Vehicles', href: (id: string) => paths.people.section(id, 'vehicles') },
  {
    key: 'financial',
    text: 'Finance',
    href: (id: string) => paths.people.section(id, 'financial'),
  },
  {
    key: 'documents',
    text: 'Documents',
    href: (id: string) => paths.people.section(id, 'documents'),
  },
  {
    key: 'employment',
    text: 'Employment',
    href: (id: string) => paths.people.section(id, 'employment'),
  },
  {
    key: 'online',
    text: 'Online',
    href: (id: string) => paths.people.section(id, 'online'),
  },
  {
    key: 'associates',
    text: 'Associates',
    href: (id: string) => paths.people.section(id, 'associates'),
  },
  {
    key: 'eligibility',
    text: 'Eligibility',
    href: (id: string) => paths.people.eligibility(id),
  },
  { key: 'orders', text: 'Orders', href: (id: string) => paths.people.section(id, 'orders') },
  { key: 'registration', text: 'Registration', href: (id: string) => paths.people.registration(id) },
  { key: 'risk', text: 'Risk', href: (id: string) => paths.people.risk(id) },
  { key: 'plan', text: 'Plan', href: (id: string) => paths.people.plan(id) },
  { key: 'conditions', text: 'Conditions', href: (id: string) => paths.people.conditions(id) },
  { key: 'visits', text: 'Visits', href: (id: string) => paths.people.visits(id) },
  { key: 'notifications', text: 'Notifications', href: (id: string) => paths.people.notifications(id) },
  { key: 'meetings', text: 'Meetings', href: (id: string) => paths.people.meetings(id) },
  { key: 'victims', text: 'Victims', href: (id: string) => paths.people.victims(id) },
  { key: 'disclosures', text: 'Disclosures', href: (id: string) => paths.people.disclosures(id) },
  { key: 'sharing', text: 'Sharing', href: (id: string) => paths.people.sharing(id) },
  { key: 'history', text: 'History', href: (id: string) => paths.people.history(id) },
] as const

export type RecordSection = (typeof RECORD_SECTIONS)[number]['key']

/** Items for the MoJ sub-navigation of a person's record, with the current section marked. */
export function recordNavigation(personId: string, current: RecordSection) {
  return RECORD_SECTIONS.map((s) => ({ text: s.text, href: s.href(personId), active: s.key === current }))
}
