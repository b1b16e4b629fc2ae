import type { MetricId } from '@csc-workforce/metrics-core';
import { formatValue, hasNeighbours, NEIGHBOURS_POOLED } from '../../lib/compare';
import { DataTable } from '../DataTable';

interface TrendTableProps {
  /** Id of the caption. */
  readonly id: string;
  readonly metric: MetricId;
  readonly label: string;
  readonly authorityName: string;
  readonly regionName: string;
  readonly trend: readonly {
    readonly period: string;
    readonly periodLabel: string;
    readonly own: number | null;
    readonly region: number | null;
    readonly england: number | null;
    /** The statistical neighbours' group, pooled (an authority user's trend, when it is in the model). */
    readonly neighbours?: number | null;
    /** DfE's census where the quarter ends on census day. */
    readonly census?: { readonly england: number | null; readonly region: number | null } | null;
  }[];
}

/**
 * The numbers of a trend chart: one authority's value by quarter, with its region's and England's
 * pooled values (and its statistical neighbours' group's, where the trend has it), and DfE's census figures in the quarters ending on census day (when any does).
 */
export function TrendTable({ id, metric, label, authorityName, regionName, trend }: TrendTableProps) {
  const census = trend.some((t) => t.census);
  const neighbours = hasNeighbours(trend);
  return (
    <DataTable
      id={id}
      caption={`${label} by quarter`}
      columns={[
        'Quarter',
        { label: authorityName, numeric: true },
        { label: `${regionName} (pooled)`, numeric: true },
        { label: 'England (pooled)', numeric: true },
        ...(neighbours ? [{ label: NEIGHBOURS_POOLED, numeric: true as const }] : []),
        ...(census
          ? [
              { label: `DfE census, ${regionName}`, numeric: true as const },
              { label: 'DfE census, England', numeric: true as const },
            ]
          : []),
      ]}
      rows={trend.map((t) => ({
        key: t.period,
        header: t.periodLabel,
        cells: [
          formatValue(metric, t.own),
          formatValue(metric, t.region),
          formatValue(metric, t.england),
          ...(neighbours ? [formatValue(metric, t.neighbours)] : []),
          ...(census
            ? [
                t.census ? formatValue(metric, t.census.region) : '',
                t.census ? formatValue(metric, t.census.england) : '',
              ]
            : []),
        ],
      }))}
    />
  );
}
