export { METRIC_IDS } from '@csc-workforce/metrics-core';
