/** The comparisons API's answers (apps/api routes/comparisons), as the portal reads them. */
import type { MetricId } from '@csc-workforce/metrics-core';

export interface MetricInfo {
  readonly id: MetricId;
  readonly label: string;
  readonly unit: 'percent' | 'ratio' | 'fte';
  readonly kind: 'proportion' | 'rate' | 'count';
  readonly polarity: 'lower' | 'higher' | 'neither';
  readonly formula: string;
  readonly numerator: string;
  readonly denominator: string;
}

export interface ShownGroup {
  readonly status: 'shown';
  readonly n: number;
  readonly pooled: number | null;
  readonly mean: number | null;
  readonly median: number | null;
  readonly q1: number | null;
  readonly q3: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly numerator?: number | null;
  readonly denominator?: number | null;
  readonly values?: readonly number[];
}

export interface WithheldGroup {
  readonly status: 'withheld';
  readonly reason: 'group-too-small' | 'counts-not-shared';
  readonly n: number;
  readonly minGroupSize: number;
  readonly message: string;
}

export type Group = ShownGroup | WithheldGroup;

export interface Funnel {
  readonly target: number;
  readonly denominator: number;
  readonly limits95: { readonly lower: number; readonly upper: number };
  readonly limits998: { readonly lower: number; readonly upper: number };
  readonly band: 'below-99.8' | 'below-95' | 'within-95' | 'above-95' | 'above-99.8';
  readonly assessment: 'better' | 'worse' | 'as-expected' | 'unusual';
}

export interface Position {
  readonly rank: number | null;
  readonly quartile: 1 | 2 | 3 | 4 | null;
  readonly n: number;
  readonly funnel: Funnel | null;
}

export interface Change {
  readonly from: number;
  readonly to: number;
  readonly difference: number;
  readonly direction: 'improving' | 'worsening' | 'no-change' | null;
}

export interface Changes {
  readonly previousQuarter: Change | null;
  readonly sameQuarterLastYear: Change | null;
}

export interface PublishedValue {
  readonly value: number | null;
  readonly symbol: string | null;
}

export interface PublishedFigures {
  readonly national: PublishedValue | null;
  readonly region: PublishedValue | null;
}

export interface OwnFigure {
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly reason: string | null;
}

interface Header {
  readonly period: string;
  readonly periodLabel: string;
  readonly minGroupSize: number;
  readonly demo: boolean;
  readonly published: { readonly release: string; readonly year: number; readonly label: string } | null;
}

export interface Area {
  readonly code: string;
  readonly name: string;
}

export interface AuthorityMetric {
  readonly metric: MetricInfo;
  readonly own: OwnFigure;
  readonly change: Changes;
  readonly region: Position & { readonly group: Group };
  readonly england: Position & { readonly group: Group };
  readonly published: PublishedFigures | null;
}

export interface AuthorityComparison extends Header {
  readonly view: 'authority';
  readonly authority: Area;
  readonly region: Area;
  readonly ownReturn: { readonly status: string | null; readonly counted: boolean };
  readonly metrics: readonly AuthorityMetric[];
}

export interface RegionAuthorityFigure extends OwnFigure {
  readonly code: string;
  readonly change: Changes;
  readonly region: Position;
  readonly england: Position;
}

export interface RegionMetric {
  readonly metric: MetricInfo;
  readonly region: Group;
  readonly england: Group;
  readonly published: PublishedFigures | null;
  readonly otherRegions: readonly (Area & { readonly group: Group })[];
  readonly authorities: readonly RegionAuthorityFigure[];
}

export interface RegionComparison extends Header {
  readonly view: 'region';
  readonly region: Area;
  readonly authorities: readonly (Area & { readonly returnStatus: string | null; readonly counted: boolean })[];
  readonly metrics: readonly RegionMetric[];
}

export type Comparison = AuthorityComparison | RegionComparison;

export interface AuthorityTrendPoint {
  readonly period: string;
  readonly periodLabel: string;
  readonly own: number | null;
  readonly region: number | null;
  readonly england: number | null;
}

export interface RegionTrendPoint {
  readonly period: string;
  readonly periodLabel: string;
  readonly region: number | null;
  readonly england: number | null;
  readonly authorities: Readonly<Record<string, number | null>>;
}

export type MetricComparison =
  | (AuthorityComparison & { readonly trend: readonly AuthorityTrendPoint[] })
  | (RegionComparison & { readonly trend: readonly RegionTrendPoint[] });

export interface ComparablePeriod {
  readonly id: string;
  readonly label: string;
  readonly authorities: number;
}
