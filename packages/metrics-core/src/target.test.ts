import { describe, expect, test } from 'vitest';
import { METRIC_IDS, METRICS } from './catalogue.js';
import { TARGET_TOLERANCE, targetProgress } from './target.js';

describe('targetProgress', () => {
  test('lower is better: met at or below the target', () => {
    expect(targetProgress('vacancyRate', 12.5, 15, '2024-25-Q1', '2025-26-Q4')).toEqual({
      gap: -2.5,
      status: 'met',
      overdue: false,
    });
    expect(targetProgress('vacancyRate', 15, 15, '2024-25-Q1', '2025-26-Q4').status).toBe('met');
    expect(targetProgress('vacancyRate', 15.1, 15, '2024-25-Q1', '2025-26-Q4').status).toBe('not-met');
  });

  test('higher is better: met at or above; overdue once the quarter has passed unmet', () => {
    expect(targetProgress('asyeRetention', 80, 90, '2026-27-Q1', '2025-26-Q4')).toEqual({
      gap: -10,
      status: 'not-met',
      overdue: true,
    });
    expect(targetProgress('asyeRetention', 80, 90, '2025-26-Q4', '2025-26-Q4').overdue).toBe(false);
    expect(targetProgress('asyeRetention', 91, 90, '2026-27-Q1', '2025-26-Q4')).toMatchObject({
      status: 'met',
      overdue: false,
    });
  });

  test('neither better: met within the tolerance of its unit, either side', () => {
    const neither = METRIC_IDS.filter((m) => METRICS[m].polarity === 'neither');
    expect(neither.length).toBeGreaterThan(0);
    for (const metric of neither) {
      const t = TARGET_TOLERANCE[METRICS[metric].unit];
      expect(targetProgress(metric, 20 + t, 20, '2024-25-Q1', '2025-26-Q4').status, metric).toBe('met');
      expect(targetProgress(metric, 20 - t, 20, '2024-25-Q1', '2025-26-Q4').status, metric).toBe('met');
      expect(targetProgress(metric, 20 + t * 1.5, 20, '2024-25-Q1', '2025-26-Q4').status, metric).toBe('not-met');
    }
  });

  test('no value: no gap, and overdue when past', () => {
    expect(targetProgress('vacancyRate', null, 15, '2026-27-Q1', '2025-26-Q4')).toEqual({
      gap: null,
      status: 'no-value',
      overdue: true,
    });
    expect(targetProgress('vacancyRate', Number.NaN, 15, '2024-25-Q1', '2025-26-Q4').status).toBe('no-value');
  });

  test('a period that is not one is refused', () => {
    expect(() => targetProgress('vacancyRate', 1, 2, 'nonsense', '2025-26-Q4')).toThrow(RangeError);
  });
});
