const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})
const instantFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'Europe/London',
})

/** '1980-03-01' → '1 March 1980' (GOV.UK style). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  const date = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? value : dateFormat.format(date)
}

/** An instant in UK time, e.g. '21 November 2026, 9:05 am'. */
export function formatInstant(value: Date | string | null | undefined): string {
  if (!value) return ''
  return instantFormat.format(new Date(value))
}
