import { describe, expect, it } from 'vitest'
import { DEFAULT_REASSESSMENT_INTERVALS, nextDueDate, reassessmentsDue } from './reassessment.js'

describe('when an assessment is due again (local policy [U], configurable)', () => {
  it('uses the date the assessor set', () => {
    expect(nextDueDate('oasys_rosh', '2026-01-10', '2026-03-01').dueOn).toBe('2026-03-01')
  })

  it('otherwise applies the configured interval for the tool', () => {
    expect(DEFAULT_REASSESSMENT_INTERVALS.oasys_rosh).toBe('P16W')
    expect(nextDueDate('oasys_rosh', '2026-01-10', null).dueOn).toBe('2026-05-02')
    expect(
      nextDueDate('rm2000', '2026-01-10', undefined, { ...DEFAULT_REASSESSMENT_INTERVALS, rm2000: 'P2Y' })
        .dueOn,
    ).toBe('2028-01-10')
  })

  it('lists assessments overdue or due within 30 days, in the DueItem shape', () => {
    const items = reassessmentsDue(
      'person-1',
      [
        { id: 'a', tool: 'oasys_rosh', assessedOn: '2025-09-01', nextDueOn: '2026-01-01' },
        { id: 'b', tool: 'rsr', assessedOn: '2025-12-01', nextDueOn: '2026-02-09' },
        { id: 'c', tool: 'osp_dc', assessedOn: '2025-12-01', nextDueOn: '2026-02-10' },
        { id: 'd', tool: 'other', toolName: 'SARN', assessedOn: '2025-06-01', nextDueOn: '2026-01-10' },
      ],
      '2026-01-10',
    )
    expect(items.map((i) => [i.title, i.status, i.dueDate])).toEqual([
      ['OASys risk of serious harm (RoSH) due again', 'overdue', '2026-01-01'],
      ['Risk of Serious Recidivism (RSR) due again', 'due', '2026-02-09'],
      ['SARN due again', 'due', '2026-01-10'],
    ])
    expect(items[0]).toMatchObject({
      kind: 'risk_assessment',
      subjectId: 'person-1',
      startDate: '2025-09-01',
    })
    expect(new Set(items.map((i) => i.key)).size).toBe(3)
  })
})
