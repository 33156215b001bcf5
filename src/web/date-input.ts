/** Reads a GOV.UK date input (`<prefix>-day`, `-month`, `-year`) into `YYYY-MM-DD`. */
export function dateFromParts(
  body: Record<string, unknown>,
  prefix: string,
  label: string,
): { value: string | undefined; error?: string } {
  const part = (name: string) => String(body[`${prefix}-${name}`] ?? '').trim()
  const day = part('day')
  const month = part('month')
  const year = part('year')
  if (!day && !month && !year) return { value: undefined }
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean)
  if (missing.length) return { value: undefined, error: `${label} must include a ${missing.join(' and ')}` }
  if (![day, month, year].every((p) => /^\d+$/.test(p)) || year.length !== 4) {
    return { value: undefined, error: `${label} must be a real date` }
  }
  return { value: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` }
}

/** The three parts of a stored date, to fill a GOV.UK date input. */
export function dateParts(prefix: string, value: string | null | undefined): Record<string, string> {
  const [year = '', month = '', day = ''] = value ? value.split('-') : []
  return {
    [`${prefix}-day`]: day.replace(/^0/, ''),
    [`${prefix}-month`]: month.replace(/^0/, ''),
    [`${prefix}-year`]: year,
  }
}
