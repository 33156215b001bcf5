/**
 * The 42 MAPPA areas of England and Wales.
 *
 * MAPPA areas follow police force areas (Criminal Justice Act 2003 s.325). There are 43 territorial
 * police forces in England and Wales; the Metropolitan Police and the City of London Police share the
 * single London MAPPA area, giving 42 areas (38 in England, 4 in Wales).
 *
 * Codes are stable identifiers for storage and URLs – never change or reuse one. Names are for display
 * and may be corrected. Regions are the nine English regions (former Government Office regions) and
 * Wales; a few force areas straddle a regional boundary and are listed under the region that holds
 * most of the area.
 */

export const REGIONS = [
  'North East',
  'North West',
  'Yorkshire and the Humber',
  'East Midlands',
  'West Midlands',
  'East of England',
  'London',
  'South East',
  'South West',
  'Wales',
] as const

export type Region = (typeof REGIONS)[number]

export interface MappaArea {
  /** Stable lowercase slug, e.g. `avon-somerset`. */
  readonly code: string
  /** Display name, e.g. `Avon and Somerset`. */
  readonly name: string
  /** Territorial police forces covering the area (two for London, one elsewhere). */
  readonly policeForces: readonly string[]
  readonly region: Region
}

const DEFINITIONS = [
  {
    code: 'avon-somerset',
    name: 'Avon and Somerset',
    policeForces: ['Avon and Somerset Constabulary'],
    region: 'South West',
  },
  {
    code: 'bedfordshire',
    name: 'Bedfordshire',
    policeForces: ['Bedfordshire Police'],
    region: 'East of England',
  },
  {
    code: 'cambridgeshire',
    name: 'Cambridgeshire',
    policeForces: ['Cambridgeshire Constabulary'],
    region: 'East of England',
  },
  { code: 'cheshire', name: 'Cheshire', policeForces: ['Cheshire Constabulary'], region: 'North West' },
  { code: 'cleveland', name: 'Cleveland', policeForces: ['Cleveland Police'], region: 'North East' },
  { code: 'cumbria', name: 'Cumbria', policeForces: ['Cumbria Constabulary'], region: 'North West' },
  {
    code: 'derbyshire',
    name: 'Derbyshire',
    policeForces: ['Derbyshire Constabulary'],
    region: 'East Midlands',
  },
  {
    code: 'devon-cornwall',
    name: 'Devon and Cornwall',
    policeForces: ['Devon and Cornwall Police'],
    region: 'South West',
  },
  { code: 'dorset', name: 'Dorset', policeForces: ['Dorset Police'], region: 'South West' },
  { code: 'durham', name: 'Durham', policeForces: ['Durham Constabulary'], region: 'North East' },
  { code: 'dyfed-powys', name: 'Dyfed-Powys', policeForces: ['Dyfed-Powys Police'], region: 'Wales' },
  { code: 'essex', name: 'Essex', policeForces: ['Essex Police'], region: 'East of England' },
  {
    code: 'gloucestershire',
    name: 'Gloucestershire',
    policeForces: ['Gloucestershire Constabulary'],
    region: 'South West',
  },
  {
    code: 'greater-manchester',
    name: 'Greater Manchester',
    policeForces: ['Greater Manchester Police'],
    region: 'North West',
  },
  { code: 'gwent', name: 'Gwent', policeForces: ['Gwent Police'], region: 'Wales' },
  {
    code: 'hampshire',
    name: 'Hampshire and Isle of Wight',
    policeForces: ['Hampshire and Isle of Wight Constabulary'],
    region: 'South East',
  },
  {
    code: 'hertfordshire',
    name: 'Hertfordshire',
    policeForces: ['Hertfordshire Constabulary'],
    region: 'East of England',
  },
  {
    code: 'humberside',
    name: 'Humberside',
    policeForces: ['Humberside Police'],
    region: 'Yorkshire and the Humber',
  },
  { code: 'kent', name: 'Kent', policeForces: ['Kent Police'], region: 'South East' },
  { code: 'lancashire', name: 'Lancashire', policeForces: ['Lancashire Constabulary'], region: 'North West' },
  {
    code: 'leicestershire',
    name: 'Leicestershire',
    policeForces: ['Leicestershire Police'],
    region: 'East Midlands',
  },
  {
    code: 'lincolnshire',
    name: 'Lincolnshire',
    policeForces: ['Lincolnshire Police'],
    region: 'East Midlands',
  },
  {
    code: 'london',
    name: 'London',
    policeForces: ['Metropolitan Police Service', 'City of London Police'],
    region: 'London',
  },
  { code: 'merseyside', name: 'Merseyside', policeForces: ['Merseyside Police'], region: 'North West' },
  { code: 'norfolk', name: 'Norfolk', policeForces: ['Norfolk Constabulary'], region: 'East of England' },
  { code: 'north-wales', name: 'North Wales', policeForces: ['North Wales Police'], region: 'Wales' },
  {
    code: 'north-yorkshire',
    name: 'North Yorkshire',
    policeForces: ['North Yorkshire Police'],
    region: 'Yorkshire and the Humber',
  },
  {
    code: 'northamptonshire',
    name: 'Northamptonshire',
    policeForces: ['Northamptonshire Police'],
    region: 'East Midlands',
  },
  { code: 'northumbria', name: 'Northumbria', policeForces: ['Northumbria Police'], region: 'North East' },
  {
    code: 'nottinghamshire',
    name: 'Nottinghamshire',
    policeForces: ['Nottinghamshire Police'],
    region: 'East Midlands',
  },
  { code: 'south-wales', name: 'South Wales', policeForces: ['South Wales Police'], region: 'Wales' },
  {
    code: 'south-yorkshire',
    name: 'South Yorkshire',
    policeForces: ['South Yorkshire Police'],
    region: 'Yorkshire and the Humber',
  },
  {
    code: 'staffordshire',
    name: 'Staffordshire',
    policeForces: ['Staffordshire Police'],
    region: 'West Midlands',
  },
  { code: 'suffolk', name: 'Suffolk', policeForces: ['Suffolk Constabulary'], region: 'East of England' },
  { code: 'surrey', name: 'Surrey', policeForces: ['Surrey Police'], region: 'South East' },
  { code: 'sussex', name: 'Sussex', policeForces: ['Sussex Police'], region: 'South East' },
  {
    code: 'thames-valley',
    name: 'Thames Valley',
    policeForces: ['Thames Valley Police'],
    region: 'South East',
  },
  {
    code: 'warwickshire',
    name: 'Warwickshire',
    policeForces: ['Warwickshire Police'],
    region: 'West Midlands',
  },
  { code: 'west-mercia', name: 'West Mercia', policeForces: ['West Mercia Police'], region: 'West Midlands' },
  {
    code: 'west-midlands',
    name: 'West Midlands',
    policeForces: ['West Midlands Police'],
    region: 'West Midlands',
  },
  {
    code: 'west-yorkshire',
    name: 'West Yorkshire',
    policeForces: ['West Yorkshire Police'],
    region: 'Yorkshire and the Humber',
  },
  { code: 'wiltshire', name: 'Wiltshire', policeForces: ['Wiltshire Police'], region: 'South West' },
] as const satisfies readonly MappaArea[]

export type AreaCode = (typeof DEFINITIONS)[number]['code']

const SORTED = [...DEFINITIONS].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))

/** All 42 MAPPA areas, sorted by name. Deeply frozen. */
export const AREAS: readonly MappaArea[] = Object.freeze(
  SORTED.map((area) =>
    Object.freeze({
      code: area.code,
      name: area.name,
      policeForces: Object.freeze([...area.policeForces]),
      region: area.region,
    }),
  ),
)

/** Area codes in the same order as {@link AREAS}. */
export const AREA_CODES: readonly AreaCode[] = Object.freeze(SORTED.map((area) => area.code))

const BY_CODE: ReadonlyMap<string, MappaArea> = new Map(AREAS.map((area) => [area.code, area]))

/** The area with this code, or `undefined` for an unknown code. Codes are matched exactly (lowercase). */
export function areaByCode(code: string): MappaArea | undefined {
  return BY_CODE.get(code)
}

export function isAreaCode(value: unknown): value is AreaCode {
  return typeof value === 'string' && BY_CODE.has(value)
}
