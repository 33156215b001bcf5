import { isIsoDate, type IsoDate } from './dates.js'
import { termAtLeastMonths, type Imprisonment } from './disposal.js'
import type { RuleMeta } from './meta.js'
import { REF } from './references.js'
import { compareSpans, span, type Span } from './span.js'
import { triAnd, triOr, triText, type Tri } from './reason.js'

/** Schedule 3 condition grammar (src/db/reference/offences.md section 2). */
export type Atom =
  | { name: 'always' }
  | { name: 'victim_under'; n: number }
  | { name: 'offender_min_age'; n: number }
  | { name: 'offender_under'; n: number }
  | { name: 'custody_months'; n: number }
  | { name: 'custody_any' }
  | { name: 'hospital' }
  | { name: 'hospital_restriction' }
  | { name: 'community_months'; n: number }
  | { name: 'convicted_before'; date: IsoDate }
  | { name: 'purpose'; value: 'sexual_gratification' }

export type Condition = { op: 'atom'; atom: Atom } | { op: 'and' | 'or'; left: Condition; right: Condition }

export type Token =
  | { type: 'lparen'; pos: number }
  | { type: 'rparen'; pos: number }
  | { type: 'and'; pos: number }
  | { type: 'or'; pos: number }
  | { type: 'atom'; text: string; pos: number }

export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`)
    this.name = 'ConditionSyntaxError'
  }
}

export function tokenizeCondition(source: string): Token[] {
  const tokens: Token[] = []
  const word = /[A-Za-z0-9_:.-]+/y
  let i = 0
  while (i < source.length) {
    const ch = source[i]
    if (ch === ' ' || ch === '\t' || ch === '\n') {
      i += 1
    } else if (ch === '(') {
      tokens.push({ type: 'lparen', pos: i++ })
    } else if (ch === ')') {
      tokens.push({ type: 'rparen', pos: i++ })
    } else {
      word.lastIndex = i
      const match = word.exec(source)
      if (!match) throw new ConditionSyntaxError(`Unexpected character “${ch}”`, i)
      const text = match[0]
      tokens.push(text === 'and' || text === 'or' ? { type: text, pos: i } : { type: 'atom', text, pos: i })
      i += text.length
    }
  }
  return tokens
}

const NUMERIC_ATOMS = [
  'victim_under',
  'offender_min_age',
  'offender_under',
  'custody_months',
  'community_months',
] as const
const BARE_ATOMS = ['always', 'custody_any', 'hospital', 'hospital_restriction'] as const

function parseAtom(text: string, pos: number): Atom {
  const colon = text.indexOf(':')
  const name = colon < 0 ? text : text.slice(0, colon)
  const arg = colon < 0 ? undefined : text.slice(colon + 1)
  if ((BARE_ATOMS as readonly string[]).includes(name) && arg === undefined) return { name } as Atom
  if ((NUMERIC_ATOMS as readonly string[]).includes(name) && arg !== undefined && /^\d+$/.test(arg))
    return { name, n: Number(arg) } as Atom
  if (name === 'convicted_before' && arg !== undefined && isIsoDate(arg)) return { name, date: arg }
  if (name === 'purpose' && arg === 'sexual_gratification') return { name, value: arg }
  throw new ConditionSyntaxError(`Unknown condition “${text}”`, pos)
}

/**
 * Recursive descent over: or := and ('or' and)* ; and := primary ('and' primary)* ;
 * primary := atom | '(' or ')'. `and` binds tighter than `or`.
 */
export function parseCondition(source: string): Condition {
  const tokens = tokenizeCondition(source)
  let index = 0
  const peek = () => tokens[index]
  const parseOr = (): Condition => {
    let left = parseAnd()
    while (peek()?.type === 'or') {
      index += 1
      left = { op: 'or', left, right: parseAnd() }
    }
    return left
  }
  const parseAnd = (): Condition => {
    let left = parsePrimary()
    while (peek()?.type === 'and') {
      index += 1
      left = { op: 'and', left, right: parsePrimary() }
    }
    return left
  }
  const parsePrimary = (): Condition => {
    const token = peek()
    if (!token) throw new ConditionSyntaxError('Condition ends too early', source.length)
    index += 1
    if (token.type === 'atom') return { op: 'atom', atom: parseAtom(token.text, token.pos) }
    if (token.type === 'lparen') {
      const inner = parseOr()
      const close = peek()
      if (close?.type !== 'rparen') throw new ConditionSyntaxError('Missing “)”', close?.pos ?? source.length)
      index += 1
      return inner
    }
    throw new ConditionSyntaxError(`Unexpected “${token.type === 'rparen' ? ')' : token.type}”`, token.pos)
  }
  const result = parseOr()
  const rest = peek()
  if (rest) throw new ConditionSyntaxError('Unexpected text after the condition', rest.pos)
  return result
}

export function atomToString(atom: Atom): string {
  if ('n' in atom) return `${atom.name}:${atom.n}`
  if (atom.name === 'convicted_before') return `${atom.name}:${atom.date}`
  if (atom.name === 'purpose') return `purpose:${atom.value}`
  return atom.name
}

/** Canonical text; parentheses wherever `and` and `or` meet. */
export function conditionToString(c: Condition): string {
  if (c.op === 'atom') return atomToString(c.atom)
  const side = (child: Condition) =>
    child.op !== 'atom' && child.op !== c.op ? `(${conditionToString(child)})` : conditionToString(child)
  return `${side(c.left)} ${c.op} ${side(c.right)}`
}

/** Facts for one offence line, ages at the time of the offence (Sch.3 para 95). */
export interface ConditionFacts {
  /** Offender's age at the offence; null when unknown. */
  offenderAge: number | null
  victimAge: { exact: number } | { under: number } | null
  imprisonment: Imprisonment
  hospital: boolean
  hospitalRestriction: boolean
  /** Community sentence length range; `'none'` when the disposal is not one. */
  community: { min: Span; max: Span | null } | 'none'
  convictionDate: IsoDate
  /** Anchor for comparing terms in months with terms in weeks or days. */
  sentenceDate: IsoDate
  sexualGratification: boolean | null
}

export interface AtomResult {
  atom: string
  value: Tri
  because: string
}

export function evaluateAtom(atom: Atom, f: ConditionFacts): AtomResult {
  const result = (value: Tri, because: string): AtomResult => ({ atom: atomToString(atom), value, because })
  switch (atom.name) {
    case 'always':
      return result(true, 'no condition')
    case 'victim_under': {
      const v = f.victimAge
      if (v === null) return result('unknown', 'victim’s age not recorded')
      if ('exact' in v) return result(v.exact < atom.n, `victim aged ${v.exact}`)
      return v.under <= atom.n
        ? result(true, `victim under ${v.under}`)
        : result('unknown', `victim only known to be under ${v.under}`)
    }
    case 'offender_min_age':
    case 'offender_under': {
      if (f.offenderAge === null) return result('unknown', 'offender’s age at the offence not known')
      const under = f.offenderAge < atom.n
      return result(
        atom.name === 'offender_under' ? under : !under,
        `offender aged ${f.offenderAge} at the offence`,
      )
    }
    case 'custody_months':
      return result(
        termAtLeastMonths(f.imprisonment, atom.n, f.sentenceDate),
        describeImprisonment(f.imprisonment),
      )
    case 'custody_any':
      return result(f.imprisonment.kind !== 'none', describeImprisonment(f.imprisonment))
    case 'hospital':
      return result(f.hospital, f.hospital ? 'hospital order' : 'no hospital order')
    case 'hospital_restriction':
      return result(
        f.hospitalRestriction,
        f.hospitalRestriction ? 'restriction order' : 'no restriction order',
      )
    case 'community_months': {
      if (f.community === 'none') return result(false, 'no community sentence')
      const threshold = span({ months: atom.n })
      if (compareSpans(f.sentenceDate, f.community.min, threshold) >= 0)
        return result(true, 'community sentence long enough')
      if (f.community.max && compareSpans(f.sentenceDate, f.community.max, threshold) < 0)
        return result(false, 'community sentence shorter')
      return result('unknown', 'community sentence length not recorded')
    }
    case 'convicted_before':
      return result(f.convictionDate < atom.date, `dealt with on ${f.convictionDate}`)
    case 'purpose':
      return f.sexualGratification === null
        ? result('unknown', 'whether it was for sexual gratification is not recorded')
        : result(
            f.sexualGratification,
            f.sexualGratification ? 'for sexual gratification' : 'not for sexual gratification',
          )
  }
}

function describeImprisonment(i: Imprisonment): string {
  if (i.kind === 'none') return 'no imprisonment'
  if (i.kind === 'life') return 'life or indeterminate sentence'
  return i.max === null ? 'custody, length not recorded' : 'custodial term'
}

export interface ConditionResult {
  value: Tri
  atoms: AtomResult[]
}

/** Three-valued (Kleene) evaluation: a missing fact gives unknown, never false. */
export function evaluateCondition(condition: Condition, facts: ConditionFacts): ConditionResult {
  const atoms: AtomResult[] = []
  const walk = (c: Condition): Tri => {
    if (c.op === 'atom') {
      const r = evaluateAtom(c.atom, facts)
      atoms.push(r)
      return r.value
    }
    const left = walk(c.left)
    const right = walk(c.right)
    return c.op === 'and' ? triAnd(left, right) : triOr(left, right)
  }
  return { value: walk(condition), atoms }
}

export function explainAtoms(atoms: readonly AtomResult[]): string {
  return atoms.map((a) => `${a.atom} ${triText(a.value)} (${a.because})`).join('; ')
}

export const conditionRules: RuleMeta[] = [
  {
    id: 'schedule3.condition',
    area: 'Schedule 3 conditions',
    title: 'Schedule 3 conditions',
    description:
      'Many Schedule 3 entries apply only under a condition on the victim’s age, the offender’s age or the sentence. Conditions are written with the atoms `always`, `victim_under:N`, `offender_min_age:N`, `offender_under:N`, `custody_months:N` (a term of at least N months), `custody_any`, `hospital`, `hospital_restriction`, `community_months:N`, `convicted_before:DATE` and `purpose:sexual_gratification`, joined by `and` (binding tighter) and `or` with parentheses. Each is evaluated to true, false or unknown; unknown (a needed fact is missing) means “needs review”, never “not eligible”.',
    references: [REF.soaNotifiable, REF.sch3Inchoate],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
  {
    id: 'schedule3.ages',
    area: 'Schedule 3 conditions',
    title: 'Ages in conditions are at the time of the offence',
    description:
      'Ages in Schedule 3 conditions are ages at the time of the offence (for indecent photographs, the age of the person shown when the photograph was taken). When only a date range is known and the offender’s birthday within it changes the answer, the answer is “needs review”. A victim recorded only as “under N” satisfies `victim_under:M` when N ≤ M; otherwise it is unknown.',
    references: [REF.sch3Ages],
    effectiveFrom: '2004-05-01',
    confidence: 'confirmed',
  },
]
