import type { Principal } from '../../security/principal.js'
import { formatDate, formatInstant } from '../../web/format.js'
import { paths } from '../../web/paths.js'
import { type FactType, displayValue } from './sections.js'
import { type Fact, visibleFields } from './service.js'

/** URLs of a fact's pages, built on the record's typed paths. */
export const factPaths = {
  add: (personId: string, type: string) => `${paths.people.section(personId, type)}/new`,
  action: (personId: string, type: string, factId: string, action: string) =>
    `${paths.people.fact(personId, type, factId)}/${action}`,
  image: (personId: string, factId: string) => `${paths.people.fact(personId, 'photos', factId)}/image`,
  apiImage: (personId: string, factId: string) => `${paths.api.fact(personId, 'photos', factId)}/image`,
}

const ACTION_TEXT = { change: 'Record a change', correct: 'Correct', end: 'End', verify: 'Verify' } as const

const STATUS_TAGS = {
  current: { text: 'Current', classes: 'govuk-tag--green' },
  ended: { text: 'Ended', classes: 'govuk-tag--grey' },
  corrected: { text: 'Corrected', classes: 'govuk-tag--orange' },
} as const

function provenanceRows(fact: Fact) {
  return [
    { key: { text: 'True from' }, value: { text: formatDate(fact.validFrom) || 'Not recorded' } },
    ...(fact.validTo ? [{ key: { text: 'True until' }, value: { text: formatDate(fact.validTo) } }] : []),
    { key: { text: 'Source' }, value: { text: fact.source ?? 'Not recorded' } },
    { key: { text: 'Verified' }, value: { text: fact.verified ? 'Yes' : 'No' } },
    {
      key: { text: 'Recorded' },
      value: { text: `${formatInstant(fact.recordedAt)} by ${fact.recordedByName ?? 'a partner system'}` },
    },
  ]
}

/** One fact as a GOV.UK summary card, with the actions the viewer may take. */
function card(type: FactType, fact: Fact, principal: Principal | undefined, mayEdit: boolean) {
  const fields = visibleFields(type, fact, principal)
  const rows = type.fields
    .map((def) => ({
      def,
      text:
        def.input === 'date' ? formatDate(fields[def.name] as string) : displayValue(def, fields[def.name]),
    }))
    .filter(({ text }) => text !== '')
    .map(({ def, text }) => ({
      key: { text: def.label.replace(/ \(optional\)$/, '') },
      // Linked values are ids the field's schema checked, so the markup needs no escaping.
      value: def.href
        ? { html: `<a class="govuk-link" href="${def.href(text)}">Open their record</a>` }
        : { text },
    }))
  if (fact.corrects)
    rows.push({ key: { text: 'Correction' }, value: { text: 'Replaces an entry recorded in error' } })
  const summary = type.summary(fields)
  return {
    id: fact.id,
    title: summary,
    rows: [...rows, ...provenanceRows(fact)],
    image: type.upload
      ? { src: factPaths.image(fact.personId, fact.id), alt: String(fact.description ?? '') }
      : undefined,
    actions: mayEdit
      ? type.actions
          .filter((a) => !(a === 'verify' && fact.verified))
          .map((a) => ({
            href: factPaths.action(fact.personId, type.key, fact.id, a),
            text: ACTION_TEXT[a],
            visuallyHiddenText: ` ${summary}`,
            attributes: { 'data-qa': `${a}-${fact.id}` },
          }))
      : [],
  }
}

/** A section's facts of one type: current ones as cards, the rest as a history table. */
export function typeView(
  type: FactType,
  facts: Fact[],
  principal: Principal | undefined,
  personId: string,
  mayEdit: boolean,
) {
  const current = facts.filter((f) => f.status === 'current')
  const history = facts.filter((f) => f.status !== 'current')
  return {
    key: type.key,
    title: type.title,
    singular: type.singular,
    addHref: mayEdit ? factPaths.add(personId, type.key) : undefined,
    cards: current.map((f) => card(type, f, principal, mayEdit)),
    history: history.map((f) => ({
      id: f.id,
      summary: type.summary(visibleFields(type, f, principal)),
      from: formatDate(f.validFrom),
      to: formatDate(f.validTo),
      status: STATUS_TAGS[f.status],
      recorded: `${formatInstant(f.recordedAt)} by ${f.recordedByName ?? 'a partner system'}`,
      correctHref:
        mayEdit && f.status === 'ended' && type.actions.includes('correct')
          ? factPaths.action(personId, type.key, f.id, 'correct')
          : undefined,
    })),
  }
}

/** A fact as the API returns it: shared columns, then the type's fields (masked as the viewer must see them). */
export function factJson(type: FactType, fact: Fact, principal: Principal | undefined) {
  return {
    id: fact.id,
    personId: fact.personId,
    status: fact.status,
    ...visibleFields(type, fact, principal),
    ...(type.upload ? { mimeType: fact.mimeType, imageUrl: factPaths.apiImage(fact.personId, fact.id) } : {}),
    validFrom: fact.validFrom,
    validTo: fact.validTo,
    source: fact.source,
    verified: fact.verified,
    recordedAt: fact.recordedAt.toISOString(),
    recordedBy: fact.recordedBy,
    recordedByName: fact.recordedByName,
    corrects: fact.corrects,
    correctedAt: fact.correctedAt?.toISOString() ?? null,
    version: fact.version,
  }
}
