import type { TargetProgress } from '@csc-workforce/schemas';
import { describe, expect, test } from 'vitest';
import {
  TARGET_QUARTERS,
  targetGapText,
  targetQuarters,
  targetSentence,
  targetStandingText,
  targetText,
} from './targets';

const target = (over: Partial<TargetProgress>): TargetProgress => ({
  value: 10,
  by: '2025-26-Q4',
  byLabel: '2025-26 Q4',
  note: null,
  gap: 2.5,
  status: 'not-met',
  overdue: false,
  ...over,
});

describe('targets in words', () => {
  test('the target and its quarter', () => {
    expect(targetText('vacancyRate', target({}))).toBe('10.0% by 2025-26 Q4');
    expect(targetText('netChangeFte', target({ value: 3 }))).toBe('+3.0 by 2025-26 Q4');
  });

  test('which side of the target the value is, with the server’s status', () => {
    const percent = { unit: 'percent' as const };
    expect(targetStandingText(percent, target({}))).toBe('Not met: 2.5 percentage points above it');
    expect(targetStandingText(percent, target({ gap: -1, status: 'met' }))).toBe('Met: 1.0 percentage points below it');
    expect(targetStandingText(percent, target({ gap: 0.01, status: 'met' }))).toBe('Met: at the target');
    expect(targetStandingText({ unit: 'fte' }, target({ gap: -4, status: 'not-met' }))).toBe(
      'Not met: 4.0 FTE below it',
    );
    expect(targetStandingText(percent, target({ gap: null, status: 'no-value' }))).toBe(
      'No value for this quarter yet',
    );
    expect(targetStandingText(percent, target({ overdue: true }))).toBe(
      'Not met: 2.5 percentage points above it; 2025-26 Q4, the quarter it was for, has passed',
    );
    expect(targetGapText(percent, target({}))).toBe('2.5 percentage points above it');
    expect(targetGapText(percent, target({ gap: null, status: 'no-value' }))).toBe('No value for this quarter yet');
    expect(targetSentence({ id: 'vacancyRate', unit: 'percent' }, target({}))).toBe(
      'Target 10.0% by 2025-26 Q4. Not met: 2.5 percentage points above it',
    );
  });

  test('the quarters offered: twelve from the one viewed, and the target’s own when earlier', () => {
    const quarters = targetQuarters('2024-25-Q3');
    expect(quarters).toHaveLength(TARGET_QUARTERS);
    expect(quarters[0]).toEqual({ value: '2024-25-Q3', label: '2024-25 Q3' });
    expect(quarters.at(-1)).toEqual({ value: '2027-28-Q2', label: '2027-28 Q2' });
    expect(targetQuarters('2024-25-Q3', '2025-26-Q1')).toHaveLength(TARGET_QUARTERS);
    expect(targetQuarters('2024-25-Q3', '2023-24-Q4')[0]).toEqual({ value: '2023-24-Q4', label: '2023-24 Q4' });
  });
});
