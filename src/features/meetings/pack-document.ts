import { formatDate, formatInstant } from '../../web/format.js'
import { type PdfBlock, renderPdf } from '../../web/pdf.js'
import type { MeetingPack } from './pack-schema.js'

/** Read out at the top of the page and the PDF: the terms the pack is shared on (MAPPA D). */
export const CONFIDENTIALITY =
  'This pack is shared for this MAPPA meeting only, under the confidentiality statement every attending agency accepts (MAPPA Guidance, MAPPA D). Do not copy it or pass it on beyond the distribution list.'

const NOT_RECORDED = 'Not recorded'

export const packTitle = (pack: MeetingPack) =>
  `Meeting pack: ${pack.person.givenName} ${pack.person.familyName.toUpperCase()}`

/** "Level 2 meeting, 12 May 2026 at 10:00, online" */
export function meetingLine(pack: MeetingPack) {
  const m = pack.meeting
  const where = m.venue ? `${m.format.text.toLowerCase()}, ${m.venue}` : m.format.text.toLowerCase()
  return `Level ${m.level} MAPPA meeting, ${formatDate(m.heldOn)} at ${m.startsAt}, ${where}`
}

export const chairLine = (pack: MeetingPack) =>
  [pack.meeting.chair.name, pack.meeting.chair.rank, pack.meeting.chair.agency].filter(Boolean).join(', ')

/** The sentence saying since when changes are listed. */
export function changesLine(pack: MeetingPack) {
  const { since, basis } = pack.changes
  switch (basis) {
    case 'meeting':
      return `Changes recorded on or after ${formatDate(since)}, the date of the last meeting about this person.`
    case 'referral':
      return `No earlier meeting: changes recorded on or after ${formatDate(since)}, when the case was referred.`
    case 'registration':
      return `No earlier meeting or referral: changes recorded on or after ${formatDate(since)}, when the person was registered.`
    case 'none':
      return 'No earlier meeting, referral or registration: every recorded change is listed.'
  }
}

/** The record summary as label and value pairs (the page's summary list and the PDF's details). */
export function recordRows(pack: MeetingPack): [string, string][] {
  const p = pack.person
  const r = p.registration
  const ids = p.identifiers
  return [
    ['Name', `${p.givenName} ${p.familyName.toUpperCase()}`],
    ['Also known as', p.aliases.join(', ') || 'None recorded'],
    ['Date of birth', formatDate(p.dateOfBirth)],
    ['Gender', p.gender],
    ['PNC ID', ids.pncId ?? NOT_RECORDED],
    ['Case reference number (CRN)', ids.crn ?? NOT_RECORDED],
    ['Prison number', ids.prisonNumber ?? NOT_RECORDED],
    ['NHS number', ids.nhsNumber ?? NOT_RECORDED],
    ['National Insurance number', ids.niNumber ?? NOT_RECORDED],
    ['MAPPA category', r?.category.text ?? 'Not registered'],
    ['MAPPA level', r?.level.text ?? 'Not registered'],
    ['Registered on', r ? formatDate(r.registeredOn) : 'Not registered'],
    ['Level set or last reviewed on', r ? formatDate(r.levelSince) : 'Not registered'],
    ['Lead agency', p.leadAgency ?? NOT_RECORDED],
    ['Named managers', p.managers.map((m) => `${m.name} (${m.kind})`).join(', ') || 'None named'],
    [
      'Current address',
      p.address
        ? `${p.address.kind}: ${p.address.lines.join(', ')}${p.address.since ? ` (since ${formatDate(p.address.since)})` : ''}`
        : 'No current address recorded',
    ],
  ]
}

const actionRows = (pack: MeetingPack) =>
  pack.actions.map((a) => [
    a.text,
    `${a.owner}, ${a.ownerAgency}`,
    `${formatDate(a.dueOn)}${a.overdue ? ' (overdue)' : ''}`,
    formatDate(a.setOn),
  ])

/** The latest overall RoSH and its rating for each group, as label and value pairs. */
export function roshRows(pack: MeetingPack): [string, string][] {
  const overall = pack.risk.overall
  if (!overall) return []
  return [
    ['Overall risk of serious harm (OASys RoSH)', overall.level.text],
    ['Assessed on', formatDate(overall.assessedOn)],
    ...overall.groups.map((g): [string, string] => [`Risk to ${g.group.toLowerCase()}`, g.level]),
  ]
}

function riskBlocks(pack: MeetingPack): PdfBlock[] {
  const { overall, assessments, peopleAtRisk } = pack.risk
  return [
    { type: 'heading', text: 'Risk summary' },
    overall
      ? { type: 'details', rows: roshRows(pack) }
      : { type: 'paragraph', text: 'No OASys RoSH assessment is recorded.' },
    assessments.length
      ? {
          type: 'table',
          head: ['Tool', 'Band', 'Result', 'Assessed', 'Due again'],
          rows: assessments.map((a) => [
            a.name,
            a.band?.text ?? '',
            a.result,
            formatDate(a.assessedOn),
            a.nextDueOn ? `${formatDate(a.nextDueOn)}${a.overdue ? ' (overdue)' : ''}` : 'Not set',
          ]),
        }
      : { type: 'paragraph', text: 'No risk assessments are recorded.' },
    { type: 'heading', text: 'Who is at risk', level: 3 },
    peopleAtRisk.length
      ? { type: 'list', items: peopleAtRisk.map((p) => `${p.kind.text}: ${p.description}`) }
      : { type: 'paragraph', text: 'No one is recorded as at risk.' },
  ]
}

function planBlocks(pack: MeetingPack): PdfBlock[] {
  const plan = pack.plan
  if (!plan)
    return [
      { type: 'heading', text: 'Risk management plan' },
      { type: 'paragraph', text: 'No risk management plan is recorded.' },
    ]
  const status =
    plan.status.code === 'signed_off'
      ? `Version ${plan.number}, signed off ${formatDate(plan.signedOffOn)}.`
      : `Version ${plan.number} is a draft: no version has been signed off.`
  return [
    { type: 'heading', text: 'Risk management plan' },
    {
      type: 'paragraph',
      text: `${status}${plan.reviewOn ? ` Review by ${formatDate(plan.reviewOn)}.` : ''}`,
    },
    ...plan.pillars.flatMap((pillar): PdfBlock[] => [
      { type: 'heading', text: pillar.title, level: 3 },
      pillar.entries.length
        ? {
            type: 'list',
            items: pillar.entries.map(
              (e) =>
                `${e.text}${e.owner ? ` (${e.owner})` : ''}${e.reviewOn ? `, review by ${formatDate(e.reviewOn)}` : ''}`,
            ),
          }
        : { type: 'paragraph', text: 'Nothing recorded.' },
    ]),
  ]
}

function conditionBlocks(pack: MeetingPack): PdfBlock[] {
  return [
    { type: 'heading', text: 'Licence conditions and prohibitions in force' },
    pack.conditions.length
      ? {
          type: 'table',
          head: ['From', 'Condition', 'As worded', 'In force'],
          rows: pack.conditions.map((c) => [
            c.source.text,
            c.kind.text,
            c.wording,
            `${formatDate(c.startsOn)}${c.endsOn ? ` to ${formatDate(c.endsOn)}` : ''}`,
          ]),
        }
      : { type: 'paragraph', text: 'No conditions or prohibitions are in force.' },
    { type: 'heading', text: 'Zones in force', level: 3 },
    pack.zones.length
      ? {
          type: 'list',
          items: pack.zones.map(
            (z) => `${z.name}: ${z.kind.text}${z.endsOn ? `, until ${formatDate(z.endsOn)}` : ''}`,
          ),
        }
      : { type: 'paragraph', text: 'No zones are in force.' },
  ]
}

function changeBlocks(pack: MeetingPack): PdfBlock[] {
  return [
    { type: 'heading', text: 'What has changed since the last meeting' },
    { type: 'paragraph', text: changesLine(pack) },
    ...pack.changes.groups.flatMap((g): PdfBlock[] => [
      { type: 'heading', text: g.title, level: 3 },
      g.entries.length
        ? {
            type: 'table',
            head: ['When', 'What changed'],
            rows: g.entries.map((e) => [formatInstant(e.at), e.detail ? `${e.title}: ${e.detail}` : e.title]),
          }
        : { type: 'paragraph', text: 'No changes recorded.' },
    ]),
  ]
}

function victimBlocks(pack: MeetingPack): PdfBlock[] {
  const protecting = pack.conditions.filter((c) => c.protectsVictims)
  return [
    { type: 'heading', text: 'Victims' },
    { type: 'paragraph', text: pack.victims.statement },
    ...(protecting.length
      ? [
          { type: 'heading', text: 'Conditions that protect victims', level: 3 } as const,
          { type: 'list', items: protecting.map((c) => `${c.kind.text}: ${c.wording}`) } as const,
        ]
      : []),
  ]
}

/** The pack as a tagged PDF, marked on every page, with its distribution list. */
export function packPdf(pack: MeetingPack): Promise<Buffer> {
  return renderPdf({
    title: packTitle(pack),
    distribution: pack.distribution,
    blocks: [
      { type: 'paragraph', text: meetingLine(pack) },
      { type: 'paragraph', text: `Chair: ${chairLine(pack)}` },
      {
        type: 'paragraph',
        text: `Case ${pack.case.position} on the agenda: ${pack.case.kind.text}. Produced ${formatInstant(pack.generatedAt)}.`,
      },
      { type: 'paragraph', text: CONFIDENTIALITY },
      { type: 'heading', text: 'Record summary' },
      { type: 'details', rows: recordRows(pack) },
      ...riskBlocks(pack),
      ...planBlocks(pack),
      ...conditionBlocks(pack),
      { type: 'heading', text: 'Open actions' },
      pack.actions.length
        ? { type: 'table', head: ['Action', 'Owner', 'Due', 'Set at meeting of'], rows: actionRows(pack) }
        : { type: 'paragraph', text: 'No open actions.' },
      ...changeBlocks(pack),
      ...victimBlocks(pack),
    ],
  })
}
