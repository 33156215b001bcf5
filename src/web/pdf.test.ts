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
