import { describe, expect, test } from 'vitest';
import {
  passwordResetCompleteSchema,
  passwordResetLookupSchema,
  passwordResetRequestSchema,
  passwordResetTokenSchema,
} from './password-reset.js';

describe('password-reset bodies', () => {
  test('a request takes one e-mail address, trimmed and in lower case, and nothing else', () => {
    expect(passwordResetRequestSchema.parse({ email: '  Lead.North-West@Demo.TEST ' })).toEqual({
      email: 'lead.north-west@demo.test',
    });
    expect(passwordResetRequestSchema.safeParse({ email: 'not an address' }).error?.issues[0]?.path).toEqual(['email']);
    expect(passwordResetRequestSchema.safeParse({ email: 'a@b.example', role: 'admin' }).success).toBe(false);
  });

  test('a token is 43 URL-safe characters, or the link is incomplete', () => {
    expect(passwordResetTokenSchema.safeParse('A-_z09'.repeat(7).concat('x')).success).toBe(true);
    for (const token of ['x'.repeat(42), 'x'.repeat(44), `${'x'.repeat(42)}=`, `${'x'.repeat(42)}/`, '']) {
      const result = passwordResetTokenSchema.safeParse(token);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe('The link is incomplete: open the whole link from the email');
    }
    expect(passwordResetLookupSchema.safeParse({ token: 'x'.repeat(43) }).success).toBe(true);
  });

  test('a new password follows the same rule as an invitation’s', () => {
    const token = 'x'.repeat(43);
    expect(passwordResetCompleteSchema.safeParse({ token, password: 'twelve chars' }).success).toBe(true);
    const short = passwordResetCompleteSchema.safeParse({ token, password: 'eleven char' });
    expect(short.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['password'], 'The password must be 12 characters or more'],
    ]);
    expect(passwordResetCompleteSchema.safeParse({ token, password: ' '.repeat(20) }).success).toBe(false);
  });
});
