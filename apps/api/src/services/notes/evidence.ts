/** The evidence of a practice note: the series of the metrics it links, as the comparisons show them. */
import { comparePeriods, type MetricId, type PeriodId, periodRange } from '@csc-workforce/metrics-core';
import { NOTE_LIMITS, type NoteEvidence } from '@csc-workforce/schemas';
import type { Database } from '../../db/client.js';
import { comparablePeriods, evidenceTrend, metricInfo, startPeriod, type ViewSettings } from '../comparisons/index.js';
import type { NoteRecord } from './records.js';

/**
 * The evidence of a note: for each linked metric, its authority's series over the linked quarters
 * (named and live: the authority published it), with its region's and England's pooled lines as
 * released (the comparisons' releases: a group line withheld below the minimum group size, rounded as
 * authority users see it). An open-ended link runs to the quarter comparisons start at for the
 * authority, its last 20 quarters at most.
 */
export async function noteEvidence(
  database: Database,
  note: NoteRecord,
  settings: ViewSettings,
): Promise<NoteEvidence> {
  const minGroupSize = settings.MIN_GROUP_SIZE;
  const viewer = { kind: 'authority', authorityCode: note.authorityCode } as const;
  const latest = startPeriod(await comparablePeriods(database, viewer), minGroupSize);
  let demo = false;
  const metrics: NoteEvidence['metrics'] = [];
  for (const link of note.metrics) {
    const to = (link.to ?? latest) as PeriodId | null;
    const periods =
      to && comparePeriods(link.from, to) <= 0 ? periodRange(link.from, to).slice(-NOTE_LIMITS.quarters) : [];
    const evidence = await evidenceTrend(database, settings, note.authorityCode, link.metric as MetricId, periods);
    demo ||= evidence.demo;
    metrics.push({
      metric: metricInfo(link.metric),
      from: link.from,
      to: to ?? link.from,
      openEnded: link.to === null,
      trend: evidence.trend,
    });
  }
  return {
    authority: { code: note.authorityShown, name: note.authorityName },
    region: { code: note.regionCode, name: note.regionName },
    minGroupSize,
    demo,
    metrics,
  };
}
