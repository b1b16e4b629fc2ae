import { MAIL_KIND_VALUES } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import { LINK_SECRET } from './delivery.js';
import { mails } from './templates.js';

const env = { PUBLIC_URL: 'https://exchange.test' };
const round = {
  period: '2024-25-Q1',
  periodLabel: '2024-25 Q1',
  regionCode: 'E12000005',
  regionName: 'West Midlands',
  status: 'open',
  periodStatus: 'open',
  dueDate: '2024-07-31',
  regional: false,
  updatedAt: null,
  updatedByName: null,
} as const;
const person = { id: 'u1', email: 'ann@example.test', name: 'Ann Smith' };
const ret = { authorityCode: 'E08000026', authorityName: 'Coventry', period: '2024-25-Q1' };
const at = new Date('2024-07-01T09:05:00Z');

const every = [
  mails.roundOpened(env, round, person),
  mails.reminder(env, round, person, 'Coventry', 'Please send it this week.', '2024-07-01'),
  mails.returned(env, ret, person, 'The leavers do not add up.'),
  mails.accepted(env, ret, person),
  mails.invitation(env, { ...person, role: 'regional_lead' }, 'West Midlands', 'Bob Jones', 'SECRET-TOKEN', at),
  mails.passwordReset(env, person, 'SECRET-TOKEN', at),
  mails.passwordChanged(env, person, at, 'link'),
];

describe('mail templates', () => {
  test('one template for every kind of mail the outbox holds', () => {
    expect(every.map((m) => m.kind).sort()).toEqual([...MAIL_KIND_VALUES].sort());
  });

  test('each is a letter to one person: their address, "Dear" and their name, the signature', () => {
    for (const mail of every) {
      expect(mail.to).toBe(person.email);
      expect(mail.text.startsWith(`Dear ${person.name},\n\n`)).toBe(true);
      expect(mail.text.endsWith("\n\nChildren's social care workforce exchange")).toBe(true);
      expect(mail.subject).not.toContain('\n');
    }
  });

  test('a secret travels only in a link’s fragment, which the outbox knows to withhold', () => {
    for (const mail of every.filter((m) => m.text.includes('SECRET-TOKEN'))) {
      expect(mail.text.match(/\S*SECRET-TOKEN\S*/g)).toEqual([expect.stringMatching(LINK_SECRET)]);
    }
  });

  test('dates as people in England read them', () => {
    expect(every[0]?.subject).toBe('2024-25 Q1 workforce return: collection open, due 31 July 2024');
    expect(every[5]?.text).toContain('until 1 July 2024 at 10:05 BST.');
  });

  test('a reminder says "due by" until the due date, and "overdue since" after it', () => {
    const reminder = (today: string) => mails.reminder(env, round, person, 'Coventry', undefined, today);
    for (const today of ['2024-07-01', '2024-07-31']) {
      const mail = reminder(today);
      expect(mail.subject).toBe("Reminder: Coventry's 2024-25 Q1 workforce return is due by 31 July 2024");
      expect(mail.text).toContain('has not yet submitted its 2024-25 Q1 workforce return, due by 31 July 2024.');
      expect(mail.text).not.toMatch(/overdue/);
    }
    const late = reminder('2024-08-01');
    expect(late.subject).toBe("Reminder: Coventry's 2024-25 Q1 workforce return is overdue since 31 July 2024");
    expect(late.text).toContain('has not yet submitted its 2024-25 Q1 workforce return, overdue since 31 July 2024.');
    expect(late.text).not.toMatch(/due by/);
    // Without a due date, neither.
    const undated = mails.reminder(env, { ...round, dueDate: null }, person, 'Coventry', undefined, '2024-08-01');
    expect(undated.subject).toBe("Reminder: Coventry's 2024-25 Q1 workforce return");
  });
});
