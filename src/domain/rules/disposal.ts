import type { RulesConfig } from './config.js'
import type { IsoDate } from './dates.js'
import type { Disposal } from './model.js'
import { REF } from './references.js'
import { compareSpans, describeSpan, halveSpan, hasLength, span, spanOf, type Span } from './span.js'
import { reason, type Reason, type Tri } from './reason.js'

/**
 * What a disposal amounts to as imprisonment. A term is a range because a length may be
 * missing: `max: null` means no known upper bound.
 */
export type Imprisonment =
  { kind: 'none' } | { kind: 'life' } | { kind: 'term'; min: Span; max: Span | null; notes: Reason[] }

export type ImprisonmentPurpose = 'notification' | 'category2'

/**
 * The imprisonment a disposal stands for. For notification (Sch.3 and s.82) a DTO follows
 * the configured youth-detention equivalence; for Category 2, s.327(3)(b) names DTOs of
 * 12 months or more itself, so the full term counts.
 */
export function imprisonmentOf(
  disposal: Disposal,
  purpose: ImprisonmentPurpose,
  config: RulesConfig,
): Imprisonment {
  const exact = (notes: Reason[] = []): Imprisonment => {
    if (!hasLength(disposal)) return { kind: 'term', min: span({}), max: null, notes }
    const s = spanOf(disposal)
    return { kind: 'term', min: s, max: s, notes }
  }
  switch (disposal.type) {
    case 'life':
    case 'indeterminate':
      return { kind: 'life' }
    case 'custody':
    case 'extended':
      return exact()
    case 'suspended_sentence':
      return exact([
        reason('A suspended sentence counts as imprisonment for its stated term.', REF.suspendedSentence),
      ])
    case 'detention_training_order': {
      if (purpose === 'category2') return exact()
      const dto = config.detentionTrainingOrder
      if (!dto.countsAsImprisonment) return { kind: 'none' }
      if (dto.term === 'full_term' || !hasLength(disposal))
        return exact([
          reason('A detention and training order counts as detention for its term.', REF.soaYoungOffenders),
        ])
      const half = halveSpan(spanOf(disposal))
      return {
        kind: 'term',
        min: half,
        max: half,
        notes: [
          reason(
            `A detention and training order counts as imprisonment for its detention period, half its term: ${describeSpan(half)} (configurable, unconfirmed).`,
            REF.dtoDetentionHalf,
          ),
        ],
      }
    }
    default:
      return { kind: 'none' }
  }
}

/** Is the term at least N months? Anchored at the sentence date (months are calendar months). */
export function termAtLeastMonths(imprisonment: Imprisonment, months: number, anchor: IsoDate): Tri {
  if (imprisonment.kind === 'none') return false
  if (imprisonment.kind === 'life') return true
  const threshold = span({ months })
  if (compareSpans(anchor, imprisonment.min, threshold) >= 0) return true
  if (imprisonment.max && compareSpans(anchor, imprisonment.max, threshold) < 0) return false
  return 'unknown'
}

export function isHospital(disposal: Disposal): boolean {
  return disposal.type === 'hospital_order' || disposal.type === 'hospital_order_restricted'
}

export function describeDisposal(disposal: Disposal): string {
  const name = disposal.type.replaceAll('_', ' ')
  return hasLength(disposal) ? `${name} of ${describeSpan(spanOf(disposal))}` : name
}

/** Is the term more than N months? */
export function termMoreThanMonths(imprisonment: Imprisonment, months: number, anchor: IsoDate): Tri {
  if (imprisonment.kind === 'none') return false
  if (imprisonment.kind === 'life') return true
  const threshold = span({ months })
  if (compareSpans(anchor, imprisonment.min, threshold) > 0) return true
  if (imprisonment.max && compareSpans(anchor, imprisonment.max, threshold) <= 0) return false
  return 'unknown'
}
