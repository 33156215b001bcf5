/** Why a rule gave its answer, and the statute or guidance it comes from. */
export interface Reason {
  text: string
  reference: string
}

/** Three-valued truth: `'unknown'` means a fact the rule needs is missing, never "no". */
export type Tri = boolean | 'unknown'

export function reason(text: string, reference: string): Reason {
  return { text, reference }
}

/** Kleene conjunction: false wins, then unknown. */
export function triAnd(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return true
}

/** Kleene disjunction: true wins, then unknown. */
export function triOr(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true
  if (a === 'unknown' || b === 'unknown') return 'unknown'
  return false
}

/** One answer if every possibility agrees, else unknown. */
export function triAll(values: readonly Tri[]): Tri {
  const first = values[0]
  if (first === undefined) return 'unknown'
  return values.every((v) => v === first) ? first : 'unknown'
}

export function triText(value: Tri): string {
  return value === 'unknown' ? 'unknown' : value ? 'true' : 'false'
}
