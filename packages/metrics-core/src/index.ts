/**
 * `@csc-workforce/metrics-core`: children's social work workforce metrics as the Department for
 * Education defines them, with pooled group summaries, ranks, quartiles and funnel-plot limits.
 * Pure functions, zero dependencies.
 *
 * @packageDocumentation
 */

// The agency annex: regional price caps and the statutory agency rules.
export {
  AGENCY_BREACHES,
  type AgencyAssignmentFacts,
  type AgencyBreach,
  agencyBreaches,
  MIN_PQE_YEARS,
  MIN_REFERENCES,
} from './agency-breaches.js';
export { type AgencyCap, capInForce } from './agency-cap.js';
export {
  AGENCY_COMPLIANCE,
  AGENCY_COMPLIANCE_IDS,
  type AgencyCompliance,
  type AgencyComplianceId,
  type AgencyProportion,
  agencyCompliance,
} from './agency-compliance.js';
export { type AgencyRateAgainstCap, chargeRatesAgainstCap } from './agency-rate.js';
export { type AgencySpendPerFte, agencySpendPerFte } from './agency-spend.js';
// Groups and comparisons.
export { BANDS, type Band, bandOf } from './band.js';
export {
  getMetric,
  isMetricId,
  METRIC_IDS,
  METRICS,
  type MetricDefinition,
  type MetricId,
  type MetricKind,
  type MetricUnit,
  type Polarity,
} from './catalogue.js';
export {
  type Change,
  type CompareOptions,
  type Comparison,
  compareWithGroup,
  DEFAULT_MIN_GROUP_SIZE,
  describeChange,
  type FunnelPosition,
  type PreparedGroup,
  prepareGroup,
  type ShownGroup,
  type WithheldGroup,
} from './compare.js';
// Computing metrics for one authority.
export {
  computeMetric,
  computeMetricSeries,
  computeMetrics,
  type MetricReason,
  type MetricResult,
  type MetricResults,
} from './compute.js';
// The return's figures and the metric catalogue.
export { FIGURE_FIELDS, type FigureField, type QuarterlyFigures } from './figures.js';
// Presentation.
export { formatMetricValue, formatNumber, formatPercent, roundHalfAwayFromZero } from './format.js';
export {
  type ControlLimits,
  funnelLimitPairs,
  funnelLimits,
  NORMAL_APPROXIMATION_MIN_VARIANCE,
  normalQuantile,
  poissonFunnelLimitPairs,
  poissonFunnelLimits,
} from './funnel.js';
export {
  estimateOverdispersion,
  type FunnelScale,
  type Overdispersion,
  type OverdispersionMember,
  overdispersedFunnelLimitPairs,
  WINSORISE_FRACTION,
  winsorise,
} from './overdispersion.js';
// Periods: financial-year quarters.
export {
  comparePeriods,
  formatPeriod,
  isPeriodId,
  nextPeriod,
  type Period,
  PeriodError,
  type PeriodId,
  parsePeriod,
  periodContaining,
  periodLabel,
  periodRange,
  periodWindow,
  previousPeriod,
  quarterEndDate,
  shiftPeriod,
} from './periods.js';
export { quantileSorted } from './quantile.js';
export { quartileOfRank, rankAmong, rankValues } from './rank.js';
export { type GroupMember, type GroupSummary, summariseGroup } from './summarise.js';
// Targets.
export { TARGET_STATUSES, TARGET_TOLERANCE, type TargetStatus, targetProgress } from './target.js';
export { type FunnelBand, type FunnelVerdict, funnelBand, funnelVerdict, verdictText } from './verdict.js';
export { WORKING_DAYS, WORKING_DAYS_LEAP, workingDaysInYearEnding } from './working-days.js';
// DfE's dashboards' yardstick.
export { type NeighbourMedian, neighbourMedian } from './yardstick.js';
