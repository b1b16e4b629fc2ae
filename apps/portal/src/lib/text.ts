/** Page titles, dates and other words the pages share. */

export const SERVICE_NAME = "Children's social care workforce exchange";

/** The document title of a page: "Return for 2024-25 Q2 – Children's social care workforce exchange". */
export function documentTitle(title: string, options: { error?: boolean } = {}): string {
  return `${options.error ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "23 November 2026 at 10:05am", the GOV.UK style. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = DATE_TIME.formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s|\./g, '')}`;
}

/** "30 September 2024"; a date-only value (YYYY-MM-DD) is read as that day in the UK. */
export function formatDate(value: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? value : DATE.format(date);
}

/**
 * One of an authority's former codes with its dates: "E08000016, until 30 September 2024", or
 * "E08000038, 30 September 2024 to 30 September 2030" when when it took effect is known.
 */
export function formerCodeText(span: { code: string; from: string | null; to: string | null }): string {
  const until = span.to ? formatDate(span.to) : 'now';
  return span.from ? `${span.code}, ${formatDate(span.from)} to ${until}` : `${span.code}, until ${until}`;
}

/** "1 error", "3 errors". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

/**
 * A path to go back to after signing in: only a path of this site (no scheme, no `//host`), so the
 * sign-in page cannot send anyone elsewhere.
 */
export function safeRedirect(target: unknown): string {
  // Control characters are dropped by URL parsing ("/\t/evil.example" becomes "//evil.example").
  // biome-ignore lint/suspicious/noControlCharactersInRegex: this is the check for them
  const control = /[\u0000-\u001F\u007F]/;
  if (
    typeof target !== 'string' ||
    !target.startsWith('/') ||
    target.startsWith('//') ||
    target.includes('\\') ||
    control.test(target)
  ) {
    return '/';
  }
  if (target.startsWith('/sign-in')) return '/';
  return target;
}
