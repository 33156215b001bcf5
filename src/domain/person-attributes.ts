/**
 * Ethnic group, self-defined, in the 2021 Census categories for England and Wales (the "18+1"
 * groups police forces record), with a code for each.
 */
export const ETHNICITIES = [
  { code: 'A1', group: 'Asian or Asian British', label: 'Indian' },
  { code: 'A2', group: 'Asian or Asian British', label: 'Pakistani' },
  { code: 'A3', group: 'Asian or Asian British', label: 'Bangladeshi' },
  { code: 'A4', group: 'Asian or Asian British', label: 'Chinese' },
  { code: 'A9', group: 'Asian or Asian British', label: 'Any other Asian background' },
  { code: 'B1', group: 'Black, Black British, Caribbean or African', label: 'Caribbean' },
  { code: 'B2', group: 'Black, Black British, Caribbean or African', label: 'African' },
  { code: 'B9', group: 'Black, Black British, Caribbean or African', label: 'Any other Black background' },
  { code: 'M1', group: 'Mixed or multiple ethnic groups', label: 'White and Black Caribbean' },
  { code: 'M2', group: 'Mixed or multiple ethnic groups', label: 'White and Black African' },
  { code: 'M3', group: 'Mixed or multiple ethnic groups', label: 'White and Asian' },
  { code: 'M9', group: 'Mixed or multiple ethnic groups', label: 'Any other mixed background' },
  { code: 'W1', group: 'White', label: 'English, Welsh, Scottish, Northern Irish or British' },
  { code: 'W2', group: 'White', label: 'Irish' },
  { code: 'W3', group: 'White', label: 'Gypsy or Irish Traveller' },
  { code: 'W4', group: 'White', label: 'Roma' },
  { code: 'W9', group: 'White', label: 'Any other White background' },
  { code: 'O2', group: 'Other ethnic group', label: 'Arab' },
  { code: 'O9', group: 'Other ethnic group', label: 'Any other ethnic group' },
  { code: 'NS', group: 'Not stated', label: 'Not stated' },
] as const

export type EthnicityCode = (typeof ETHNICITIES)[number]['code']
export const ETHNICITY_CODES = ETHNICITIES.map((e) => e.code) as [EthnicityCode, ...EthnicityCode[]]

export function ethnicityLabel(code: string | null | undefined): string {
  const found = ETHNICITIES.find((e) => e.code === code)
  if (!found) return ''
  return found.group === found.label ? found.label : `${found.group}: ${found.label}`
}

export const GENDERS = ['male', 'female', 'other', 'not_known'] as const
export type Gender = (typeof GENDERS)[number]
export const GENDER_LABELS: Record<Gender, string> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  not_known: 'Not known',
}
