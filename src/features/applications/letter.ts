import { londonDateOf } from '../../domain/rules/dates.js'
import { type PdfBlock, renderPdf } from '../../web/pdf.js'
import type { ApplicationRow } from './queries.js'
import type { ApplicationDetails } from './schema.js'

type Lang = 'en' | 'cy'

/**
 * The outcome letter, in the language the applicant used (Welsh Language Standards). It says
 * what was decided, never what was disclosed: a disclosure is given in person to the person best
 * placed to protect, who may not be the applicant. (Welsh text avoids ŵ and ŷ, which the PDF's
 * standard font cannot show.)
 */
const LETTER = {
  titleAsk: { en: 'Your application under Clare’s Law', cy: 'Eich cais o dan Gyfraith Clare' },
  titleSarah: { en: 'Your application under Sarah’s Law', cy: 'Eich cais o dan Gyfraith Sarah' },
  titleKnow: { en: 'Information about your safety', cy: 'Gwybodaeth am eich diogelwch' },
  greeting: { en: 'Dear {name}', cy: 'Annwyl {name}' },
  reference: { en: 'Our reference', cy: 'Ein cyfeirnod' },
  date: { en: 'Date', cy: 'Dyddiad' },
  received: { en: 'We received your application on {date}.', cy: 'Cawsom eich cais ar {date}.' },
  receivedKnow: {
    en: 'The police received information on {date} that we considered you may need to know to stay safe.',
    cy: 'Cafodd yr heddlu wybodaeth ar {date} y gallai fod angen i chi ei gwybod i gadw’n ddiogel, yn ein barn ni.',
  },
  disclosed: {
    en: 'After checking the information we hold and discussing it with other agencies, information has been shared with the person best placed to protect those at risk, as an officer explained in person. Anyone given that information must keep it confidential.',
    cy: 'Ar ôl gwirio’r wybodaeth sydd gennym a’i thrafod gydag asiantaethau eraill, mae gwybodaeth wedi cael ei rhannu gyda’r person sydd yn y sefyllfa orau i amddiffyn y rhai sydd mewn perygl, fel yr esboniodd swyddog wyneb yn wyneb. Rhaid i unrhyw un sy’n cael y wybodaeth honno ei chadw’n gyfrinachol.',
  },
  notDisclosed: {
    en: 'After checking the information we hold and discussing it with other agencies, we have decided that there is no information we can share under the scheme. This does not mean there is no risk. If you are worried, please contact us.',
    cy: 'Ar ôl gwirio’r wybodaeth sydd gennym a’i thrafod gydag asiantaethau eraill, rydym wedi penderfynu nad oes gwybodaeth y gallwn ei rhannu o dan y cynllun. Nid yw hyn yn golygu nad oes risg. Os ydych yn poeni, cysylltwch â ni.',
  },
  helpHeading: { en: 'Getting help', cy: 'Cael help' },
  help: {
    en: 'If you or someone else is in immediate danger, call 999. For anything else, call 101 and give your reference.',
    cy: 'Os ydych chi neu rywun arall mewn perygl uniongyrchol, ffoniwch 999. Am unrhyw beth arall, ffoniwch 101 a rhowch eich cyfeirnod.',
  },
  support: {
    en: 'Free, confidential support: National Domestic Abuse Helpline 0808 2000 247; Stop It Now 0808 1000 900.',
    cy: 'Cymorth cyfrinachol am ddim: Byw Heb Ofn 0808 80 10 800; Stop It Now 0808 1000 900.',
  },
  signOff: { en: 'Yours sincerely', cy: 'Yn gywir' },
  file: { en: 'Police disclosure scheme file', cy: 'Ffeil cynllun datgelu’r heddlu' },
  distribution: { en: 'Distribution', cy: 'Dosbarthiad' },
  noneRecorded: { en: 'none recorded', cy: 'dim wedi’i gofnodi' },
  page: { en: 'Page {n} of {of}', cy: 'Tudalen {n} o {of}' },
} as const satisfies Record<string, Record<Lang, string>>

const say = (lang: Lang, key: keyof typeof LETTER, values: Record<string, string> = {}) =>
  LETTER[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)

const longDate = (lang: Lang, iso: string) =>
  new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${iso}T00:00:00Z`))

/** Who the letter goes to: the applicant, or for Right to Know the person who may be at risk. */
export const letterRecipient = (app: ApplicationRow, details: ApplicationDetails) =>
  (app.scheme === 'clares_law_know' ? details.personAtRisk?.name : details.applicant?.name) ?? ''

export function renderLetter(
  app: ApplicationRow,
  details: ApplicationDetails,
  signedBy: { name: string; force: string },
  today: string,
): Promise<Buffer> {
  const lang: Lang = app.language === 'cy' ? 'cy' : 'en'
  const recipient = letterRecipient(app, details)
  const received = longDate(lang, londonDateOf(app.receivedAt.toISOString()))
  const blocks: PdfBlock[] = [
    {
      type: 'details',
      rows: [
        [say(lang, 'reference'), app.reference],
        [say(lang, 'date'), longDate(lang, today)],
      ],
    },
    { type: 'paragraph', text: say(lang, 'greeting', { name: recipient }) },
    {
      type: 'paragraph',
      text: say(lang, app.scheme === 'clares_law_know' ? 'receivedKnow' : 'received', { date: received }),
    },
    { type: 'paragraph', text: say(lang, app.forumDecision === 'disclose' ? 'disclosed' : 'notDisclosed') },
    { type: 'heading', text: say(lang, 'helpHeading') },
    { type: 'paragraph', text: say(lang, 'help') },
    { type: 'paragraph', text: say(lang, 'support') },
    { type: 'paragraph', text: `${say(lang, 'signOff')},\n${signedBy.name}\n${signedBy.force}` },
  ]
  const title = say(
    lang,
    app.scheme === 'sarahs_law' ? 'titleSarah' : app.scheme === 'clares_law_know' ? 'titleKnow' : 'titleAsk',
  )
  return renderPdf({
    title,
    lang: lang === 'cy' ? 'cy-GB' : 'en-GB',
    distribution: [recipient, say(lang, 'file')],
    labels: {
      distribution: say(lang, 'distribution'),
      noneRecorded: say(lang, 'noneRecorded'),
      page: (n, of) => say(lang, 'page', { n: String(n), of: String(of) }),
    },
    blocks,
  })
}
