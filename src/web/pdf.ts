import PDFDocument from 'pdfkit'

/**
 * Documents the service issues (meeting packs, minutes, disclosure letters) as tagged PDFs:
 * headings, paragraphs, lists and tables in the structure tree for screen readers, with the
 * protective marking and the distribution list on every page (marked as pagination artifacts,
 * so they are not read out again on every page).
 */
export type PdfBlock =
  | { type: 'heading'; text: string; level?: 2 | 3 }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'details'; rows: [label: string, value: string][] }
  | { type: 'table'; head: string[]; rows: string[][] }

export interface PdfSpec {
  title: string
  /** Protective marking, printed at the top and bottom of every page. */
  marking?: string
  /** Who may hold this document; listed on every page. */
  distribution: string[]
  /** BCP 47 language of the text. */
  lang?: string
  /** The words the document's own furniture is printed in (English unless given). */
  labels?: { distribution: string; noneRecorded: string; page: (n: number, of: number) => string }
  blocks: PdfBlock[]
}

export const DEFAULT_MARKING = 'OFFICIAL-SENSITIVE'

const ENGLISH_LABELS = {
  distribution: 'Distribution',
  noneRecorded: 'none recorded',
  page: (n: number, of: number) => `Page ${n} of ${of}`,
}

const MARGIN = 64
const FONT = 'Helvetica'
const BOLD = 'Helvetica-Bold'

export function renderPdf(spec: PdfSpec): Promise<Buffer> {
  const marking = spec.marking ?? DEFAULT_MARKING
  const labels = spec.labels ?? ENGLISH_LABELS
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    tagged: true,
    pdfVersion: '1.7',
    lang: spec.lang ?? 'en-GB',
    displayTitle: true,
    info: { Title: spec.title, Subject: marking, Creator: 'MAPPA case management' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const root = doc.struct('Document')
  doc.addStructure(root)
  const text = (type: 'H1' | 'H2' | 'H3' | 'P', value: string, font: string, size: number, gap: number) => {
    root.add(doc.struct(type, {}, () => doc.font(font).fontSize(size).text(value, { paragraphGap: gap })))
  }

  text('H1', spec.title, BOLD, 20, 8)
  text('P', `${labels.distribution}: ${spec.distribution.join('; ') || labels.noneRecorded}`, FONT, 10, 10)
  for (const block of spec.blocks) {
    switch (block.type) {
      case 'heading':
        doc.moveDown(0.5)
        text(block.level === 3 ? 'H3' : 'H2', block.text, BOLD, block.level === 3 ? 12 : 15, 4)
        break
      case 'paragraph':
        text('P', block.text, FONT, 11, 6)
        break
      case 'list':
        root.add(
          doc.struct(
            'L',
            {},
            block.items.map((item) =>
              doc.struct('LI', {}, [
                doc.struct('LBody', {}, () => doc.font(FONT).fontSize(11).text(`• ${item}`, { indent: 8 })),
              ]),
            ),
          ),
        )
        doc.moveDown(0.5)
        break
      case 'details':
        for (const [label, value] of block.rows) {
          root.add(
            doc.struct('P', {}, () =>
              doc
                .font(BOLD)
                .fontSize(11)
                .text(`${label}: `, { continued: true })
                .font(FONT)
                .text(value || 'Not recorded', { paragraphGap: 3 }),
            ),
          )
        }
        doc.moveDown(0.5)
        break
      case 'table':
        table(doc, root, block.head, block.rows)
        doc.moveDown(0.5)
        break
    }
  }
  root.end()

  // Marking, page numbers and distribution on every page, as artifacts outside the structure.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const { width, height } = doc.page
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.markContent('Artifact', { type: 'Pagination' })
    doc.font(BOLD).fontSize(10).text(marking, 0, 24, { width, align: 'center', lineBreak: false })
    doc.text(marking, 0, height - 40, { width, align: 'center', lineBreak: false })
    doc
      .font(FONT)
      .fontSize(8)
      .text(
        `${labels.page(i + 1, range.count)}. ${labels.distribution}: ${spec.distribution.join('; ')}`,
        MARGIN,
        height - 28,
        {
          width: width - 2 * MARGIN,
          align: 'center',
          height: 12,
          ellipsis: true,
        },
      )
    doc.endMarkedContent()
    doc.page.margins.bottom = bottom
  }
  doc.end()
  return done
}

/**
 * A simple table: equal columns. The table is attached to the document before its rows are
 * added, so that each row is drawn as it is added (PDFKit draws an unattached element's content
 * only when it is attached): page breaks and the position after the table are then right.
 */
function table(
  doc: PDFKit.PDFDocument,
  parent: PDFKit.PDFStructureElement,
  head: string[],
  rows: string[][],
) {
  const width = doc.page.width - 2 * MARGIN
  const columnWidth = width / Math.max(1, head.length)
  const heightOf = (cells: string[], font: string) =>
    Math.max(
      ...cells.map((c) =>
        doc
          .font(font)
          .fontSize(10)
          .heightOfString(c || ' ', { width: columnWidth - 6 }),
      ),
    ) + 6
  const t = doc.struct('Table')
  parent.add(t)
  const drawRow = (cells: string[], cellType: 'TH' | 'TD', font: string) => {
    const rowHeight = heightOf(cells, font)
    if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom) doc.addPage()
    const top = doc.y
    t.add(
      doc.struct(
        'TR',
        {},
        cells.map((cell, i) =>
          doc.struct(cellType, {}, () => {
            doc
              .font(font)
              .fontSize(10)
              .text(cell || ' ', MARGIN + i * columnWidth + 3, top + 3, { width: columnWidth - 6 })
          }),
        ),
      ),
    )
    doc.x = MARGIN
    doc.y = top + rowHeight
  }
  drawRow(head, 'TH', BOLD)
  for (const cells of rows) drawRow(cells, 'TD', FONT)
}
