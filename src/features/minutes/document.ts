import type { Database } from '../../db/connection.js'
import type { Principal } from '../../security/principal.js'
import { formatDate, formatInstant } from '../../web/format.js'
import type { PdfBlock, PdfSpec } from '../../web/pdf.js'
import { type MeetingRow, meetingCaseFor } from '../meetings/access.js'
import { DISCLOSURE_METHODS } from '../disclosures/service.js'
import { PILLARS, PILLAR_LABELS } from '../plans/pillars.js'
import { CATEGORY_LABELS, LEVEL_LABELS } from '../registrations/service.js'
import { VICTIM_FIELD_KEYS } from './fields.js'
import { CONFIDENTIALITY_STATEMENT, meetingTitle } from './present.js'
import { ATTENDANCE_STATUSES, VICTIM_INPUTS, labelOf } from './schema.js'
import * as service from './service.js'

const FORMATS: Record<string, string> = {
  in_person: 'In person',
  online: 'Online',
  hybrid: 'In person and online',
}
const yesNo = (v: boolean | null) => (v === null ? 'Not recorded' : v ? 'Yes' : 'No')

const WITHHELD =
  'Withheld from invited agencies: held by the responsible authority and the Victim Liaison Officer.'

/**
 * One case's minutes in the MAPPA C order. For a reader from an invited agency (not the
 * responsible authority) what the minutes say about victims, and who received a disclosure
 * (often a victim), are withheld: agencies act on the conditions that protect victims, which
 * they see as worded, never on where victims are or how to reach them.
 */
function caseBlocks(minutes: service.CaseMinutes, position: number, withholdVictims: boolean): PdfBlock[] {
  const c = minutes.meetingCase
  const all = service.fieldsInOrder(minutes)
  const shown = (list: { key: string; label: string; value: string }[]) =>
    withholdVictims ? list.map((f) => (VICTIM_FIELD_KEYS.has(f.key) ? { ...f, value: WITHHELD } : f)) : list
  const fields = { ...all, risk: shown(all.risk), victims: shown(all.victims) }
  const rows = (list: { label: string; value: string }[]): PdfBlock => ({
    type: 'details',
    rows: list.map((f) => [f.label, f.value]),
  })
  const plan = minutes.plan.current
  const disclosure: PdfBlock[] =
    c.disclosureDecision === 'not_needed'
      ? [
          {
            type: 'details',
            rows: [
              ['Decision', 'No disclosure needed'],
              ['Reason', c.disclosureNotNeededReason ?? ''],
            ],
          },
        ]
      : c.disclosureDecision === 'disclose'
        ? minutes.disclosures.map((d) => ({
            type: 'details' as const,
            rows: [
              ['Decision', 'Disclose'],
              [
                'Who receives it',
                withholdVictims ? d.recipientRole : `${d.recipientName} (${d.recipientRole})`,
              ],
              ['Who gives it', d.disclosedByName],
              ['How', labelOf(DISCLOSURE_METHODS, d.method)],
              ['When', d.plannedOn ? formatDate(d.plannedOn) : 'Not set'],
              ['What is disclosed', d.content],
              ['Legal basis', d.legalBasis],
              ['Rationale', d.rationale],
              [
                'Lawful, necessary and proportionate',
                d.lawful && d.necessary && d.proportionate ? 'Yes' : 'No',
              ],
              ['Person told', yesNo(d.personTold)],
              ...(d.personTold === false ? [['Why not', d.notToldReason ?? ''] as [string, string]] : []),
              ['Confidentiality undertaking signed', yesNo(d.undertakingSigned)],
            ] as [string, string][],
          }))
        : [{ type: 'paragraph', text: 'No disclosure decision recorded.' }]
  return [
    {
      type: 'heading',
      text: `Case ${position}: ${minutes.person.name}${minutes.person.crn ? ` (CRN ${minutes.person.crn})` : ''}`,
    },
    { type: 'heading', level: 3, text: 'Category and level' },
    {
      type: 'details',
      rows: [
        [
          'Category',
          minutes.registration ? (CATEGORY_LABELS[minutes.registration.category] ?? '') : 'Not registered',
        ],
        ['Level', minutes.registration ? (LEVEL_LABELS[minutes.registration.level] ?? '') : 'Not registered'],
      ],
    },
    { type: 'heading', level: 3, text: 'Information shared by agencies' },
    fields.information.length ? rows(fields.information) : { type: 'paragraph', text: 'None recorded.' },
    { type: 'heading', level: 3, text: 'Risk assessment' },
    rows(fields.risk),
    { type: 'heading', level: 3, text: 'Risk management plan' },
    plan
      ? {
          type: 'table',
          head: ['Pillar', `Plan version ${plan.number}`],
          rows: PILLARS.map((p) => [
            PILLAR_LABELS[p],
            plan.entries
              .filter((e) => e.pillar === p)
              .map((e) => e.text)
              .join('\n') || 'Nothing recorded',
          ]),
        }
      : { type: 'paragraph', text: 'No signed-off plan.' },
    ...(minutes.meetingPlan
      ? [
          {
            type: 'paragraph' as const,
            text: `The meeting started plan version ${minutes.meetingPlan.number}.`,
          },
        ]
      : []),
    rows(fields.plan),
    { type: 'heading', level: 3, text: 'Victim issues' },
    rows(fields.victims),
    {
      type: 'details',
      rows: [
        ['Victims’ views reached the meeting', c.victimInput ? labelOf(VICTIM_INPUTS, c.victimInput) : ''],
      ],
    },
    ...(minutes.victimWarning
      ? [{ type: 'paragraph' as const, text: `Warning: ${minutes.victimWarning}` }]
      : []),
    ...(minutes.victimRequests.length
      ? [
          {
            type: 'table' as const,
            head: ['Victims asked for', 'Wording', 'Decision'],
            rows: minutes.victimRequests.map((r) => [
              r.kindText,
              r.wording,
              r.reason ? `${r.statusText}: ${r.reason}` : r.statusText,
            ]),
          },
        ]
      : []),
    { type: 'heading', level: 3, text: 'Disclosure decision' },
    ...disclosure,
    { type: 'heading', level: 3, text: 'Level decision' },
    {
      type: 'details',
      rows: [
        ['Level decided', c.levelDecision ? (LEVEL_LABELS[c.levelDecision] ?? '') : ''],
        ['Category decided', c.categoryDecision ? (CATEGORY_LABELS[c.categoryDecision] ?? '') : ''],
        ...fields.level.map((f): [string, string] => [f.label, f.value]),
        [
          'Next review',
          c.nextReviewOn ? formatDate(c.nextReviewOn) : c.levelDecision === 1 ? 'None: Level 1' : '',
        ],
      ],
    },
    { type: 'heading', level: 3, text: 'Dissent' },
    rows(fields.dissent),
    { type: 'heading', level: 3, text: 'Actions' },
    minutes.actions.length
      ? {
          type: 'table',
          head: ['Action', 'Owner', 'Due', 'Status'],
          rows: minutes.actions.map((a) => [
            a.text,
            `${a.ownerName}, ${a.ownerAgencyName}`,
            formatDate(a.dueOn),
            a.status === 'open' ? 'Open' : a.status === 'done' ? 'Done' : 'Cancelled',
          ]),
        }
      : { type: 'paragraph', text: 'No actions.' },
  ]
}

/**
 * The minutes as a tagged PDF (MAPPA C): the meeting, attendance, the confidentiality statement,
 * then every case the reader may see. Distribution: the agencies that attended or were invited.
 */
export async function minutesDocument(
  db: Database,
  principal: Principal,
  meeting: MeetingRow,
  today: string,
): Promise<PdfSpec> {
  const [{ lines }, rows] = await Promise.all([
    service.attendanceLines(db, meeting),
    service.casesOf(db, meeting.id),
  ])
  const access = await Promise.all(
    rows.map((row) => meetingCaseFor(db, principal, meeting.id, row.meetingCase.id, 'meeting:view')),
  )
  const readable = rows.filter((_r, i) => access[i]!.kind === 'ok')
  const cases = await Promise.all(readable.map((row) => service.caseMinutes(db, meeting, row, today)))
  const invitedReader = access.some((a) => a.kind === 'ok' && a.basis === 'invitation')
  const chairAgency = lines.find((l) => l.agencyId === meeting.chairAgencyId)?.agencyName
  const finalisedBy = meeting.finalisedBy ? await service.userNameOf(db, meeting.finalisedBy) : null
  const distribution = lines
    .filter((l) => l.invited || l.recorded?.status === 'attended')
    .map((l) => l.agencyName)
  const withheld = rows.length - cases.length
  return {
    title: `${meeting.status === 'finalised' ? 'Minutes' : 'Draft minutes'}: ${meetingTitle(meeting)}`,
    distribution,
    blocks: [
      { type: 'heading', text: 'Meeting' },
      {
        type: 'details',
        rows: [
          ['Date and time', `${formatDate(meeting.heldOn)} at ${meeting.startsAt}`],
          ['Level', `Level ${meeting.level}`],
          ['Chair', [meeting.chairName, meeting.chairRank, chairAgency].filter(Boolean).join(', ')],
          ['Where', [FORMATS[meeting.format] ?? meeting.format, meeting.venue].filter(Boolean).join(': ')],
          [
            'Status',
            meeting.status === 'finalised'
              ? `Finalised ${formatInstant(meeting.finalisedAt)}${finalisedBy ? ` by ${finalisedBy}` : ''}`
              : 'Draft: not yet finalised by the chair',
          ],
        ],
      },
      { type: 'heading', text: 'Confidentiality statement (MAPPA D)' },
      ...CONFIDENTIALITY_STATEMENT.map((text): PdfBlock => ({ type: 'paragraph', text })),
      { type: 'heading', text: 'Attendance' },
      {
        type: 'table',
        head: ['Agency', 'Attendance', 'Attendees', 'Report', 'Statement acknowledged'],
        rows: lines.map((l) => [
          l.agencyName,
          l.recorded ? labelOf(ATTENDANCE_STATUSES, l.recorded.status) : 'Not recorded',
          l.recorded?.attendees ?? '',
          l.recorded?.reportSubmitted ? 'Submitted' : 'None',
          l.recorded?.confidentialityAcknowledged ? 'Yes' : 'No',
        ]),
      },
      ...cases.flatMap((minutes, i) => caseBlocks(minutes, i + 1, invitedReader)),
      ...(withheld
        ? [
            {
              type: 'paragraph' as const,
              text: `${withheld} further case${withheld === 1 ? ' is' : 's are'} on the agenda but restricted: not shown.`,
            },
          ]
        : []),
    ],
  }
}
