import type { RoshLevel } from '../rules/config.js'
import { type Reason, reason } from '../rules/reason.js'

/**
 * Risk assessment vocabulary and the bands worked out from scores (MAPPA rules reference §5).
 * Pure: no I/O. Each band comes with the reasons and references an officer is shown.
 */

/** The tools an assessment can be recorded with. */
export const RISK_TOOLS = ['oasys_rosh', 'rsr', 'osp_dc', 'osp_iic', 'rm2000', 'arms', 'other'] as const
export type RiskTool = (typeof RISK_TOOLS)[number]

export const RISK_TOOL_LABELS: Record<RiskTool, string> = {
  oasys_rosh: 'OASys risk of serious harm (RoSH)',
  rsr: 'Risk of Serious Recidivism (RSR)',
  osp_dc: 'OASys Sexual reoffending Predictor – direct contact (OSP/DC)',
  osp_iic: 'OASys Sexual reoffending Predictor – indecent images (OSP/IIC)',
  rm2000: 'Risk Matrix 2000 (RM2000)',
  arms: 'Active Risk Management System (ARMS)',
  other: 'Another tool',
}

/** Where each tool's vocabulary and bands come from; cited with every band. */
export const RISK_REF = {
  rosh: 'OASys risk of serious harm (HMPPS); MAPPA rules reference §5',
  rsr: 'Risk of Serious Recidivism predictor (HMPPS); MAPPA rules reference §5',
  ospDc: 'OASys Sexual reoffending Predictor, direct contact (HMPPS); MAPPA rules reference §5',
  ospIic: 'OASys Sexual reoffending Predictor, indecent images of children (HMPPS); MAPPA rules reference §5',
  rm2000: 'Risk Matrix 2000 (Thornton); MAPPA rules reference §5 [recalled, not seen in a source]',
  arms: 'Active Risk Management System (College of Policing); MAPPA rules reference §5',
} as const

/** RoSH levels, lowest first; the same names the rules core plans home visits with. */
export const RISK_LEVELS = ['low', 'medium', 'high', 'very_high'] as const satisfies readonly RoshLevel[]
export type RiskLevel = RoshLevel

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
}

/** A band from a score: a risk level, or "not applicable" (an OSP/DC score of 0). */
export type RiskBand = RiskLevel | 'not_applicable'
export const BAND_ORDER: readonly RiskBand[] = ['not_applicable', ...RISK_LEVELS]
export const BAND_LABELS: Record<RiskBand, string> = {
  ...RISK_LEVEL_LABELS,
  not_applicable: 'Not applicable',
}

/** Bands compare in BAND_ORDER: negative when `a` is the lower. */
export const compareBands = (a: RiskBand, b: RiskBand) => BAND_ORDER.indexOf(a) - BAND_ORDER.indexOf(b)

export interface BandResult {
  band: RiskBand
  reasons: Reason[]
}

/** The groups OASys rates risk of serious harm to; risk to prisoners only while in custody. */
export const ROSH_GROUPS = ['children', 'public', 'knownAdult', 'staff', 'prisoners'] as const
export type RoshGroup = (typeof ROSH_GROUPS)[number]
export const ROSH_GROUP_LABELS: Record<RoshGroup, string> = {
  children: 'Children',
  public: 'Public',
  knownAdult: 'Known adult',
  staff: 'Staff',
  prisoners: 'Prisoners',
}

export const RSR_MAX = 100
/** RSR %: Low ≤ 3.0, Medium > 3.0 and < 6.9, High ≥ 6.9. */
export const RSR_THRESHOLDS = { lowMax: 3.0, highFrom: 6.9 } as const

export function rsrBand(percent: number): BandResult {
  if (!Number.isFinite(percent) || percent < 0 || percent > RSR_MAX)
    throw new RangeError(`RSR must be a percentage from 0 to ${RSR_MAX}: ${percent}`)
  const { lowMax, highFrom } = RSR_THRESHOLDS
  const band: RiskLevel = percent <= lowMax ? 'low' : percent < highFrom ? 'medium' : 'high'
  const rule =
    band === 'low'
      ? `${lowMax}% or less is low`
      : band === 'medium'
        ? `more than ${lowMax}% and less than ${highFrom}% is medium`
        : `${highFrom}% or more is high`
  return { band, reasons: [reason(`RSR ${percent}%: ${rule}.`, RISK_REF.rsr)] }
}

export const OSP_DC_MAX = 64
/** OSP/DC score 0–64: 0 n/a, 1–21 Low, 22–29 Medium, 30–35 High, 36+ Very High (lowest score of each band). */
export const OSP_DC_BANDS: readonly { from: number; band: RiskBand }[] = [
  { from: 0, band: 'not_applicable' },
  { from: 1, band: 'low' },
  { from: 22, band: 'medium' },
  { from: 30, band: 'high' },
  { from: 36, band: 'very_high' },
]

export function ospDcBand(score: number): BandResult {
  if (!Number.isInteger(score) || score < 0 || score > OSP_DC_MAX)
    throw new RangeError(`OSP/DC must be a whole number from 0 to ${OSP_DC_MAX}: ${score}`)
  const at = OSP_DC_BANDS.findLastIndex((b) => score >= b.from)
  const { from, band } = OSP_DC_BANDS[at]!
  const to = (OSP_DC_BANDS[at + 1]?.from ?? OSP_DC_MAX + 1) - 1
  const range = from === to ? `${from}` : at === OSP_DC_BANDS.length - 1 ? `${from} or more` : `${from}–${to}`
  return {
    band,
    reasons: [
      reason(
        `OSP/DC score ${score}: a score of ${range} is ${BAND_LABELS[band].toLowerCase()}.`,
        RISK_REF.ospDc,
      ),
    ],
  }
}

export interface OspIicInput {
  /** Sanctions (convictions and cautions) for indecent image offences. */
  imageSanctions: number
  /** Sanctions for child contact sexual offences. */
  childContactSanctions: number
}

/** OSP/IIC: 2+ image sanctions Very High; 1 High; 2+ child-contact sanctions Medium; else Low. */
export function ospIicBand(input: OspIicInput): BandResult {
  const { imageSanctions: images, childContactSanctions: contact } = input
  for (const value of [images, contact])
    if (!Number.isInteger(value) || value < 0)
      throw new RangeError(`OSP/IIC sanctions must be whole numbers of 0 or more: ${value}`)
  const [band, why]: [RiskLevel, string] =
    images >= 2
      ? ['very_high', `${images} indecent image sanctions: 2 or more is very high`]
      : images === 1
        ? ['high', '1 indecent image sanction is high']
        : contact >= 2
          ? ['medium', `no image sanctions and ${contact} child contact sanctions: 2 or more is medium`]
          : [
              'low',
              `no image sanctions and ${contact} child contact sanction${contact === 1 ? '' : 's'}: low`,
            ]
  return { band, reasons: [reason(`OSP/IIC: ${why}.`, RISK_REF.ospIic)] }
}

/** RM2000 scales: sexual, violent, and the two combined. */
export const RM2000_SCALES = ['sexual', 'violent', 'combined'] as const
export type Rm2000Scale = (typeof RM2000_SCALES)[number]
export const RM2000_SCALE_LABELS: Record<Rm2000Scale, string> = {
  sexual: 'RM2000/S (sexual)',
  violent: 'RM2000/V (violent)',
  combined: 'RM2000/C (combined)',
}

export type RoshRatings = Partial<Record<RoshGroup, RiskLevel>> & { overall: RiskLevel }

/**
 * RoSH is rated by the assessor per group and overall; nothing is computed. The reasons say so,
 * and that risk to prisoners is rated only for a person in custody.
 */
export function roshReasons(ratings: RoshRatings, custody: boolean): Reason[] {
  const groups = ROSH_GROUPS.filter((g) => ratings[g]).map(
    (g) => `${ROSH_GROUP_LABELS[g].toLowerCase()} ${RISK_LEVEL_LABELS[ratings[g]!].toLowerCase()}`,
  )
  return [
    reason(
      `Overall RoSH ${RISK_LEVEL_LABELS[ratings.overall].toLowerCase()}, as the assessor rated it${groups.length ? ` (${groups.join(', ')})` : ''}.`,
      RISK_REF.rosh,
    ),
    reason(
      custody
        ? 'Assessed in custody, so risk to prisoners is rated.'
        : 'Assessed in the community: risk to prisoners is rated only in custody.',
      RISK_REF.rosh,
    ),
  ]
}

/** RM2000 categories are recorded as the assessor scored them; the highest is the headline. */
export function rm2000Band(categories: Partial<Record<Rm2000Scale, RiskLevel>>): BandResult {
  const given = RM2000_SCALES.filter((s) => categories[s])
  if (!given.length) throw new RangeError('RM2000 needs at least one of /S, /V or /C')
  const band = given.map((s) => categories[s]!).reduce((a, b) => (compareBands(a, b) >= 0 ? a : b))
  return {
    band,
    reasons: given.map((s) =>
      reason(
        `${RM2000_SCALE_LABELS[s]}: ${RISK_LEVEL_LABELS[categories[s]!].toLowerCase()}.`,
        RISK_REF.rm2000,
      ),
    ),
  }
}
