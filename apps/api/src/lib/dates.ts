/** Dates and times as people in England read them, in e-mails and messages. */

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
  timeZoneName: 'short',
});

/** A moment as people in England read it: "14 May 2025 at 10:05 BST". */
export const londonDateTime = (date: Date) => DATE_TIME.format(date).replace(', ', ' at ');

// Each format is made once: `toLocaleDateString` with options builds a new formatter on every call
// (tens of microseconds; a comparison's release dates were a tenth of its first answer).
const LONG_DATE = { day: 'numeric', month: 'long', year: 'numeric' } as const;
const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { ...LONG_DATE, timeZone: 'Europe/London' });
const UTC_DATE = new Intl.DateTimeFormat('en-GB', { ...LONG_DATE, timeZone: 'UTC' });
const LONDON_ISO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });

/** The day of a moment in England: "14 May 2025". */
export const londonDate = (date: Date) => LONDON_DATE.format(date);

/** A calendar date, `YYYY-MM-DD` (a due date), as people read it: "14 May 2025". */
export const longDate = (iso: string) => UTC_DATE.format(new Date(`${iso}T12:00:00Z`));

/** Today in England, `YYYY-MM-DD`: what is overdue is decided by the date people see. */
export const londonToday = (now: Date) => LONDON_ISO_DAY.format(now);
