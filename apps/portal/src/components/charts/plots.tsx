/**
 * The charts of a metric page, drawn as SVG by Observable Plot (@observablehq/plot). This module is
 * loaded lazily (React.lazy), so Plot and d3 never weigh on the first page. Every chart is an image
 * with a short text alternative; the table under it holds the same numbers for reading.
 */
import { METRICS, type MetricId, overdispersedFunnelLimitPairs } from '@csc-workforce/metrics-core';
import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/** GOV.UK colours: the highlighted authority, peers, and the reference lines. */
const COLOURS = {
  own: '#d4351c',
  peer: '#505a5f',
  region: '#1d70b8',
  neighbours: '#1d70b8',
  'neighbour-group': '#00703c',
  england: '#0b0c0c',
  limit95: '#00703c',
  'census-england': '#0b0c0c',
  'census-region': '#1d70b8',
  target: '#4c2c92',
};

const unitLabel = (metric: MetricId) => {
  const unit = METRICS[metric].unit;
  return unit === 'percent' ? '%' : unit === 'ratio' ? 'cases per FTE' : 'FTE';
};

/** Draws a chart of `figures` at `width` pixels: a module-level function, the same at every render. */
type Draw<F> = (figures: F, width: number) => SVGSVGElement | HTMLElement;

/**
 * Mounts a Plot figure in a div, as an image named by `label`. It is drawn again only when its figures
 * change, compared by value (a page that renders again builds new arrays of the same figures), or when
 * its width does.
 */
function PlotFigure<F>({
  draw,
  figures,
  label,
}: {
  readonly draw: Draw<F>;
  readonly figures: F;
  readonly label: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const key = JSON.stringify(figures);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    const drawn = JSON.parse(key) as F;
    let drawnWidth = 0;
    const redraw = () => {
      const width = Math.max(280, Math.min(node.clientWidth || 640, 960));
      // The observer reports the size it starts with, and sizes that round to the same chart.
      if (width === drawnWidth) return;
      drawnWidth = width;
      const chart = draw(drawn, width);
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', label);
      // Plot's own aria attributes on the marks say nothing a person needs, beside the label and table.
      for (const el of chart.querySelectorAll('[aria-label], [aria-description]')) {
        el.removeAttribute('aria-label');
        el.removeAttribute('aria-description');
      }
      // Plot adds <style> elements; this site's Content Security Policy allows no inline styles, so the
      // same rules live in styles.css (.app-chart) and the elements are dropped before they reach the page.
      for (const style of chart.querySelectorAll('style')) style.remove();
      node.replaceChildren(chart);
    };
    redraw();
    const observer = new ResizeObserver(redraw);
    observer.observe(node);
    return () => observer.disconnect();
  }, [draw, key, label]);
  return <div ref={ref} className="app-chart" />;
}

export interface StripProps {
  readonly metric: MetricId;
  /** Every value of the group (the own one included), with a label for leads, none for authority users. */
  readonly points: readonly { readonly value: number; readonly label: string | null; readonly own: boolean }[];
  readonly label: string;
  /** A reference line: the group's pooled value. */
  readonly pooled: number | null;
  /** Another reference line: the statistical neighbours' group, pooled (green, long dashes). */
  readonly neighbours?: number | null;
}

/** The statistical neighbours' pooled value as a line across a chart (`ruleX` or `ruleY`). */
const neighboursRule = (rule: typeof Plot.ruleX, value: number | null | undefined) =>
  value === null || value === undefined
    ? []
    : [rule([value], { stroke: COLOURS['neighbour-group'], strokeWidth: 2, strokeDasharray: '10 4' })];

const drawStrip: Draw<Omit<StripProps, 'label'>> = ({ metric, points, pooled, neighbours }, width) =>
  Plot.plot({
    width,
    height: 130,
    marginLeft: 20,
    marginRight: 20,
    x: { label: `${METRICS[metric].label} (${unitLabel(metric)})`, grid: true, nice: true },
    marks: [
      ...(pooled === null ? [] : [Plot.ruleX([pooled], { stroke: COLOURS.region, strokeDasharray: '4 3' })]),
      ...neighboursRule(Plot.ruleX, neighbours),
      Plot.dotX(
        points.filter((p) => !p.own),
        Plot.dodgeY({ x: 'value', r: 6, fill: COLOURS.peer, fillOpacity: 0.7, title: (d) => d.label ?? undefined }),
      ),
      Plot.dotX(
        points.filter((p) => p.own),
        Plot.dodgeY({ x: 'value', r: 8, fill: COLOURS.own, stroke: '#0b0c0c', title: (d) => d.label ?? 'You' }),
      ),
    ],
  }) as SVGSVGElement;

/** A dot (strip) chart of a group's values along one axis, the own authority highlighted. */
export function StripChart({ label, ...figures }: StripProps) {
  return <PlotFigure draw={drawStrip} figures={figures} label={label} />;
}

export interface FunnelProps {
  readonly metric: MetricId;
  /** The centre line: the group's pooled value. */
  readonly target: number;
  /**
   * The group's between-authority variance τ² (from the API's funnel positions), by which the limits
   * are widened; 0 draws the plain limits.
   */
  readonly tau2: number;
  readonly points: readonly {
    readonly value: number;
    readonly denominator: number;
    readonly label: string;
    readonly own: boolean;
  }[];
  readonly label: string;
  /** The statistical neighbours' group, pooled: a line across, for reference (no limits of its own). */
  readonly neighbours?: number | null;
}

/**
 * The control limits around the target across a range of denominators, widened by the group's τ²
 * (overdispersion) as the API's verdicts are.
 */
export function funnelCurve(metric: MetricId, target: number, maxDenominator: number, tau2 = 0) {
  const definition = METRICS[metric];
  const top = Math.max(10, maxDenominator * 1.15);
  const out: { n: number; lower95: number; upper95: number; lower998: number; upper998: number }[] = [];
  for (let i = 1; i <= 60; i++) {
    const n = (top * i) / 60;
    const pairs =
      definition.kind === 'proportion'
        ? overdispersedFunnelLimitPairs('proportion', target / definition.scale, n, tau2)
        : overdispersedFunnelLimitPairs('rate', target, n, tau2);
    const scale = definition.kind === 'proportion' ? definition.scale : 1;
    out.push({
      n,
      lower95: pairs.limits95.lower * scale,
      upper95: pairs.limits95.upper * scale,
      lower998: pairs.limits998.lower * scale,
      upper998: pairs.limits998.upper * scale,
    });
  }
  return out;
}

const drawFunnel: Draw<Omit<FunnelProps, 'label'>> = ({ metric, target, tau2, points, neighbours }, width) => {
  const curve = funnelCurve(metric, target, Math.max(...points.map((p) => p.denominator), 1), tau2);
  return Plot.plot({
    width,
    height: 360,
    marginLeft: 50,
    x: { label: `Size: ${METRICS[metric].denominator}`, grid: true, nice: true },
    y: { label: `${METRICS[metric].label} (${unitLabel(metric)})`, grid: true, nice: true },
    marks: [
      Plot.ruleY([target], { stroke: COLOURS.region }),
      ...neighboursRule(Plot.ruleY, neighbours),
      Plot.line(curve, { x: 'n', y: 'upper95', stroke: COLOURS.limit95, strokeDasharray: '6 3' }),
      Plot.line(curve, { x: 'n', y: 'lower95', stroke: COLOURS.limit95, strokeDasharray: '6 3' }),
      Plot.line(curve, { x: 'n', y: 'upper998', stroke: COLOURS.peer, strokeDasharray: '2 3' }),
      Plot.line(curve, { x: 'n', y: 'lower998', stroke: COLOURS.peer, strokeDasharray: '2 3' }),
      Plot.dot(
        points.filter((p) => !p.own),
        { x: 'denominator', y: 'value', r: 5, fill: COLOURS.peer, title: 'label' },
      ),
      Plot.dot(
        points.filter((p) => p.own),
        { x: 'denominator', y: 'value', r: 7, fill: COLOURS.own, stroke: '#0b0c0c', title: 'label' },
      ),
    ],
  }) as SVGSVGElement;
};

/**
 * A funnel plot: value against size (denominator), with the 95% and 99.8% limits around the pooled
 * value, allowing for the group's overdispersion.
 */
export function FunnelChart({ label, ...figures }: FunnelProps) {
  return <PlotFigure draw={drawFunnel} figures={figures} label={label} />;
}

export interface TrendProps {
  readonly metric: MetricId;
  readonly series: readonly {
    readonly name: string;
    /**
     * A line (own, region, England, the statistical neighbours' group), or DfE's census figures, drawn
     * as points at their census dates.
     */
    readonly kind: 'own' | 'region' | 'england' | 'neighbour-group' | 'census-england' | 'census-region';
    readonly points: readonly { readonly period: string; readonly value: number | null }[];
  }[];
  readonly periods: readonly string[];
  /** The authority's target: a dashed horizontal line, named in the key. */
  readonly target?: { readonly value: number; readonly name: string } | null;
  readonly label: string;
}

const drawTrend: Draw<Omit<TrendProps, 'label'>> = ({ metric, series, periods, target }, width) => {
  const rows = series.flatMap((s) =>
    s.points
      .filter((p) => p.value !== null)
      .map((p) => ({ name: s.name, kind: s.kind, period: p.period, value: p.value })),
  );
  const isCensus = (kind: string) => kind.startsWith('census-');
  const lines = rows.filter((r) => !isCensus(r.kind));
  const census = rows.filter((r) => isCensus(r.kind));
  return Plot.plot({
    width,
    height: 320,
    marginLeft: 50,
    marginBottom: 40,
    x: { type: 'point', domain: [...periods], label: 'Quarter', tickFormat: (d: string) => d.replace(/-Q/, ' Q') },
    y: { label: `${METRICS[metric].label} (${unitLabel(metric)})`, grid: true, nice: true },
    color: {
      domain: series.map((s) => s.name),
      range: series.map((s) => COLOURS[s.kind]),
    },
    marks: [
      ...(target
        ? [Plot.ruleY([target.value], { stroke: COLOURS.target, strokeWidth: 2, strokeDasharray: '8 5' })]
        : []),
      Plot.line(lines, {
        x: 'period',
        y: 'value',
        z: 'name',
        stroke: 'name',
        strokeWidth: (d) => (d.kind === 'own' ? 3 : 2),
      }),
      Plot.dot(lines, { x: 'period', y: 'value', fill: 'name', r: 3.5, title: (d) => `${d.name}: ${d.value}` }),
      // DfE's census: hollow diamonds, no line (one a year, at 30 September).
      Plot.dot(census, {
        x: 'period',
        y: 'value',
        stroke: 'name',
        fill: 'white',
        strokeWidth: 2,
        symbol: 'diamond',
        r: 6,
        title: (d) => `${d.name}: ${d.value}`,
      }),
    ],
  }) as SVGSVGElement;
};

/** A chart's key: each series' name beside its swatch (the swatch's colour is the series' kind's). */
function ChartKey({ items }: { readonly items: readonly { readonly name: string; readonly kind: string }[] }) {
  return (
    <ul className="app-chart-key" aria-label="Key">
      {items.map((item) => (
        <li key={item.name}>
          <span className={`app-chart-key__swatch app-chart-key__swatch--${item.kind}`} aria-hidden="true" />
          {item.name}
        </li>
      ))}
    </ul>
  );
}

/** The trend of a metric over the quarters: the authority's line against the regional and national ones. */
export function TrendChart({ label, ...figures }: TrendProps) {
  return (
    <>
      <ChartKey
        items={[...figures.series, ...(figures.target ? [{ name: figures.target.name, kind: 'target' }] : [])]}
      />
      <PlotFigure draw={drawTrend} figures={figures} label={label} />
    </>
  );
}

export interface NeighboursTrendProps {
  readonly metric: MetricId;
  /** The authority's own line and the median of its neighbours', by census year. */
  readonly series: readonly {
    readonly name: string;
    readonly kind: 'own' | 'neighbours';
    readonly points: readonly { readonly year: number; readonly value: number | null }[];
  }[];
  readonly years: readonly number[];
  readonly label: string;
}

const drawNeighboursTrend: Draw<Omit<NeighboursTrendProps, 'label'>> = ({ metric, series, years }, width) => {
  const rows = series.flatMap((s) =>
    s.points
      .filter((p) => p.value !== null)
      .map((p) => ({ name: s.name, kind: s.kind, year: String(p.year), value: p.value })),
  );
  return Plot.plot({
    width,
    height: 300,
    marginLeft: 50,
    marginBottom: 40,
    x: { type: 'point', domain: years.map(String), label: 'Census year (30 September)' },
    y: { label: `${METRICS[metric].label} (${unitLabel(metric)})`, grid: true, nice: true },
    color: { domain: series.map((s) => s.name), range: series.map((s) => COLOURS[s.kind]) },
    marks: [
      Plot.line(rows, {
        x: 'year',
        y: 'value',
        z: 'name',
        stroke: 'name',
        strokeWidth: (d) => (d.kind === 'own' ? 3 : 2),
      }),
      Plot.dot(rows, { x: 'year', y: 'value', fill: 'name', r: 3.5, title: (d) => `${d.name}: ${d.value}` }),
    ],
  }) as SVGSVGElement;
};

/** DfE's published figures of an authority over the years against the median of its statistical neighbours'. */
export function NeighboursTrendChart({ label, ...figures }: NeighboursTrendProps) {
  return (
    <>
      <ChartKey items={figures.series} />
      <PlotFigure draw={drawNeighboursTrend} figures={figures} label={label} />
    </>
  );
}
