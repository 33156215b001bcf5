import { paths } from '../../web/paths.js'

/** The sections of a person's record, in the order the sub-navigation lists them. */
export const RECORD_SECTIONS = [
  { key: 'overview', text: 'Overview', href: (id: string) => paths.people.show(id) },
  { key: 'identity', text: 'Identity', href: (id: string) => paths.people.section(id, 'identity') },
  { key: 'addresses', text: 'Addresses', href: (id: string) => paths.people.section(id, 'addresses') },
  { key: 'contacts', text: 'Contact details', href: (id: string) => paths.people.section(id, 'contacts') },
  { key: 'vehicles', text: 'Vehicles', href: (id: string) => paths.people.section(id, 'vehicles') },
  {
    key: 'financial',
    text: 'Bank accounts and cards',
    href: (id: string) => paths.people.section(id, 'financial'),
  },
  {
    key: 'documents',
    text: 'Passports and identity documents',
    href: (id: string) => paths.people.section(id, 'documents'),
  },
  {
    key: 'employment',
    text: 'Employment and education',
    href: (id: string) => paths.people.section(id, 'employment'),
  },
  {
    key: 'online',
    text: 'Online identities and devices',
    href: (id: string) => paths.people.section(id, 'online'),
  },
  {
    key: 'associates',
    text: 'Associates and relationships',
    href: (id: string) => paths.people.section(id, 'associates'),
  },
  {
    key: 'eligibility',
    text: 'Convictions and MAPPA eligibility',
    href: (id: string) => paths.people.eligibility(id),
  },
  { key: 'orders', text: 'Orders and licences', href: (id: string) => paths.people.section(id, 'orders') },
  { key: 'registration', text: 'MAPPA registration', href: (id: string) => paths.people.registration(id) },
  { key: 'risk', text: 'Risk', href: (id: string) => paths.people.risk(id) },
  { key: 'plan', text: 'Risk management plan', href: (id: string) => paths.people.plan(id) },
  { key: 'conditions', text: 'Conditions and zones', href: (id: string) => paths.people.conditions(id) },
  { key: 'visits', text: 'Home visits', href: (id: string) => paths.people.visits(id) },
  { key: 'notifications', text: 'Notifications', href: (id: string) => paths.people.notifications(id) },
  { key: 'sharing', text: 'Sharing with agencies', href: (id: string) => paths.people.sharing(id) },
  { key: 'history', text: 'History', href: (id: string) => paths.people.history(id) },
] as const

export type RecordSection = (typeof RECORD_SECTIONS)[number]['key']

/** Items for the MoJ sub-navigation of a person's record, with the current section marked. */
export function recordNavigation(personId: string, current: RecordSection) {
  return RECORD_SECTIONS.map((s) => ({ text: s.text, href: s.href(personId), active: s.key === current }))
}
