import { describe, expect, it } from 'vitest'
import { readPdf } from '../../test/support/pdf.js'
import { DEFAULT_MARKING, renderPdf } from './pdf.js'

describe('tagged PDF documents', () => {
  it('marks every page and lists the distribution on every page, with a structure tree', async () => {
    const buffer = await renderPdf({
      title: 'Meeting minutes',
      distribution: ['West Yorkshire Police', 'Leeds City Council Housing'],
      blocks: [
        { type: 'heading', text: 'Attendance' },
        { type: 'table', head: ['Agency', 'Attendance'], rows: [['West Yorkshire Police', 'Attended']] },
        { type: 'details', rows: [['Level', '2']] },
        { type: 'list', items: Array.from({ length: 120 }, (_, i) => `Action ${i + 1}`) },
      ],
    })
    expect(buffer.subarray(0, 5).toString()).toBe('%PDF-')
    const { pages, roles, info } = await readPdf(buffer)
    expect(pages.length).toBeGreaterThan(1)
    pages.forEach((text, i) => {
      expect(text).toContain(DEFAULT_MARKING)
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`)
      expect(text).toContain('Leeds City Council Housing')
    })
    expect(info.Title).toBe('Meeting minutes')
    expect([...roles]).toEqual(expect.arrayContaining(['H1', 'H2', 'Table', 'TH', 'TD', 'L', 'LI', 'P']))
  })
})

describe('tables in tagged PDF documents', () => {
  it('draws a long table across pages in order, and the text after it from the left margin', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`Row ${i + 1}`, 'A value', 'Another value'])
    // One word wider than a column: it would be broken if drawn from the last column.
    const heading = 'Multi-agency-public-protection-arrangements-contingency'
    const buffer = await renderPdf({
      title: 'Tables',
      distribution: ['West Yorkshire Police'],
      blocks: [
        { type: 'table', head: ['Row', 'Value', 'Other'], rows },
        { type: 'heading', text: heading },
      ],
    })
    const { pages } = await readPdf(buffer)
    expect(pages.length).toBeGreaterThan(1)
    expect(pages[0]).toContain('Row 1 ')
    expect(pages[0]).not.toContain('Row 80 ')
    expect(pages.at(-1)).toContain('Row 80 ')
    expect(pages.join('\n')).toContain(heading)
  })
})
