import { isIsoDate, lastDayOfPeriod, type IsoDate } from './dates.js'
import type { RuleMeta } from './meta.js'
import { reason, type Reason } from './reason.js'
import { REF } from './references.js'

export const ORDER_TYPES = ['shpo', 'interim_shpo', 'sopo', 'interim_sopo', 'sro', 'interim_sro'] as const
export type OrderType = (typeof ORDER_TYPES)[number]

export interface CourtOrder {
  id?: string
  type: OrderType
  madeOn: IsoDate
  /** Last day in force; `null` = until further order; omitted = not recorded. */
  endDate?: IsoDate | null
  /** Last day of any prohibition on foreign travel in the order. */
  foreignTravelProhibitionEnd?: IsoDate
}

/** SHPOs and SROs replaced SOPOs, foreign travel orders and RSHOs on this date. */
export const ORDERS_REFORM_DATE: IsoDate = '2015-03-08'

/** Orders that make the person subject to notification for as long as they last. */
export const NOTIFYING_ORDERS: readonly OrderType[] = ['shpo', 'interim_shpo', 'sopo', 'interim_sopo']

const MINIMUM: Partial<Record<OrderType, { duration: string; words: string; reference: string }>> = {
  shpo: { duration: 'P5Y', words: '5 years', reference: REF.soaShpo },
  sro: { duration: 'P2Y', words: '2 years', reference: REF.soaSro },
}

const NAMES: Record<OrderType, string> = {
  shpo: 'A sexual harm prevention order',
  interim_shpo: 'An interim sexual harm prevention order',
  sopo: 'A sexual offences prevention order',
  interim_sopo: 'An interim sexual offences prevention order',
  sro: 'A sexual risk order',
  interim_sro: 'An interim sexual risk order',
}

export interface OrderValidation {
  valid: boolean
  messages: Reason[]
}

/** Checks an order's dates against its statutory limits; each message cites the rule. */
export function validateOrder(order: CourtOrder): OrderValidation {
  const messages: Reason[] = []
  const name = NAMES[order.type]
  if (!isIsoDate(order.madeOn)) {
    return {
      valid: false,
      messages: [reason('The date the order was made must be a date (YYYY-MM-DD).', REF.soaOrders2015)],
    }
  }
  const legacy = order.type === 'sopo' || order.type === 'interim_sopo'
  if (legacy && order.madeOn >= ORDERS_REFORM_DATE)
    messages.push(reason(`${name} cannot be made on or after 8 March 2015; use an SHPO.`, REF.soaOrders2015))
  if (!legacy && order.madeOn < ORDERS_REFORM_DATE)
    messages.push(reason(`${name} could not be made before 8 March 2015.`, REF.soaOrders2015))
  if (order.endDate && !isIsoDate(order.endDate))
    messages.push(reason('The end date must be a date (YYYY-MM-DD).', REF.soaOrders2015))
  else if (order.endDate && order.endDate < order.madeOn)
    messages.push(reason('The order cannot end before it was made.', REF.soaOrders2015))
  const minimum = MINIMUM[order.type]
  if (minimum && order.endDate) {
    const earliestEnd = lastDayOfPeriod(order.madeOn, minimum.duration)
    if (order.endDate < earliestEnd)
      messages.push(
        reason(
          `${name} must last at least ${minimum.words} (to ${earliestEnd} or later) or until further order; it ends on ${order.endDate}.`,
          minimum.reference,
        ),
      )
  }
  if (order.foreignTravelProhibitionEnd && (order.type === 'shpo' || order.type === 'interim_shpo')) {
    const latest = lastDayOfPeriod(order.madeOn, 'P5Y')
    if (order.foreignTravelProhibitionEnd > latest)
      messages.push(
        reason(
          `A prohibition on foreign travel must be for a fixed period of not more than 5 years (to ${latest} at the latest); it may be renewed.`,
          REF.soaShpoTravel,
        ),
      )
  }
  return { valid: messages.length === 0, messages }
}

export const orderRules: RuleMeta[] = [
  {
    id: 'orders.shpo',
    area: 'Orders',
    title: 'Sexual harm prevention order',
    description:
      'An SHPO’s prohibitions last for a fixed period of at least 5 years, or until further order. A prohibition on foreign travel lasts no more than 5 years (renewable). A person subject to an SHPO or interim SHPO is subject to notification for as long as it lasts (so Category 1). SHPOs could not be made before 8 March 2015; SOPOs could not be made from then, but existing ones run on and also carry notification.',
    references: [REF.soaShpo, REF.soaShpoTravel, REF.soaShpoNotification, REF.soaSopo, REF.soaOrders2015],
    effectiveFrom: ORDERS_REFORM_DATE,
    confidence: 'confirmed',
  },
  {
    id: 'orders.sro',
    area: 'Orders',
    title: 'Sexual risk order',
    description:
      'An SRO needs no conviction and lasts for a fixed period of at least 2 years, or until further order. It does not by itself make the person subject to notification under Part 2.',
    references: [REF.soaSro, REF.soaOrders2015],
    effectiveFrom: ORDERS_REFORM_DATE,
    confidence: 'recalled',
  },
]
