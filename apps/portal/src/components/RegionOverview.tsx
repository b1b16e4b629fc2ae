/**
 * The lead's overview: the region's authorities as rows and the measures as columns, each cell the
 * authority's value, its band A–D in the region, its change since last quarter and its target; the
 * region (live) and England (released) as rows of their own below them, never sorted among them.
 *
 * GOV.UK advises against very wide tables, so it shows the key measures at first, with a "Choose
 * measures" control to show others or all of them (the table then scrolls sideways inside the page, the
 * authorities' names staying in view). On a phone (under GOV.UK's tablet breakpoint) the same figures
 * are a list of summary cards, one an authority, with a sort form in place of the column headings.
 */
import { formatMetricValue, type MetricId } from '@csc-workforce/metrics-core';
import type { MetricInfo, RegionAuthorityFigure, RegionComparison, RegionMetric } from '@csc-workforce/schemas';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { earlierGroups, groupValueText } from '../lib/compare';
import { KEY_METRICS } from '../lib/metrics';
import { BandTag } from './BandTag';
import { ChangeMark } from './ChangeMark';
import { CheckboxesField, SelectField } from './FormFields';
import { SummaryCard } from './SummaryCards';
import { TableScroll } from './TableScroll';
import { targetStatusShort } from './TargetTags';

type SortKey = 'name' | MetricId;
interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

type Authority = RegionComparison['authorities'][number];

/** The authorities in the order asked for; those without a value sort last whichever the direction. */
function sortAuthorities(
  authorities: readonly Authority[],
  sort: Sort,
  figureOf: (code: string, metric: MetricId) => RegionAuthorityFigure | undefined,
): Authority[] {
  const byName = (a: Authority, b: Authority) => a.name.localeCompare(b.name, 'en-GB');
  return [...authorities].sort((a, b) => {
    if (sort.key === 'name') return sort.descending ? -byName(a, b) : byName(a, b);
    const va = figureOf(a.code, sort.key)?.value ?? null;
    const vb = figureOf(b.code, sort.key)?.value ?? null;
    if (va === null || vb === null) return va === vb ? byName(a, b) : va === null ? 1 : -1;
    return sort.descending ? vb - va : va - vb;
  });
}

/** An authority's figure for a measure: its value, band, change since last quarter and target. */
function FigureCell({
  metric,
  figure,
}: {
  readonly metric: MetricInfo;
  readonly figure: RegionAuthorityFigure | undefined;
}) {
  if (!figure) return <>–</>;
  const { target } = figure;
  return (
    <>
      <span className="app-block app-overview__value">
        {figure.value === null ? '–' : formatMetricValue(metric.id, figure.value)}
      </span>
      <BandTag band={figure.region.band} polarity={metric.polarity} />
      <ChangeMark change={figure.change.previousQuarter} metric={metric} />
      {target ? (
        <span className="app-block app-overview__target">
          Target {formatMetricValue(metric.id, target.value)}: {targetStatusShort(target)}
        </span>
      ) : null}
    </>
  );
}

function MetricLink({ period, metric }: { readonly period: string; readonly metric: MetricInfo }) {
  return (
    <Link to="/compare/$period/$metric" params={{ period, metric: metric.id }} className="govuk-link">
      {metric.label}
    </Link>
  );
}

/** The phone's sort form: what to sort by and which way, applied with its button. */
function SortForm({
  sort,
  shown,
  onSort,
}: {
  readonly sort: Sort;
  readonly shown: readonly RegionMetric[];
  readonly onSort: (sort: Sort) => void;
}) {
  const [key, setKey] = useState<string>(sort.key);
  const [order, setOrder] = useState(sort.descending ? 'descending' : 'ascending');
  return (
    <form
      className="app-inline-fields app-mobile-only"
      onSubmit={(event) => {
        event.preventDefault();
        onSort({ key: key as SortKey, descending: order === 'descending' });
      }}
    >
      <SelectField
        id="overview-sort"
        label="Sort authorities by"
        size="body"
        value={key}
        onChange={setKey}
        options={[
          { value: 'name', label: 'Name' },
          ...shown.map((m) => ({ value: m.metric.id, label: m.metric.label })),
        ]}
      />
      <SelectField
        id="overview-order"
        label="Order"
        size="body"
        value={order}
        onChange={setOrder}
        options={[
          { value: 'ascending', label: 'A to Z, or lowest first' },
          { value: 'descending', label: 'Z to A, or highest first' },
        ]}
        after={
          <button type="submit" className="govuk-button govuk-button--secondary app-inline-button">
            Sort
          </button>
        }
      />
    </form>
  );
}

export function RegionOverview({ data }: { readonly data: RegionComparison }) {
  const keyIds: readonly string[] = data.metrics
    .map((m) => m.metric.id)
    .filter((id) => (KEY_METRICS as readonly string[]).includes(id));
  const allIds = data.metrics.map((m) => m.metric.id);
  const [chosen, setChosen] = useState<readonly string[]>(keyIds);
  const [sort, setSort] = useState<Sort>({ key: 'name', descending: false });
  const [choosing, setChoosing] = useState(false);
  const shown = data.metrics.filter((m) => chosen.includes(m.metric.id));
  // Sorted by a measure since hidden: by name again.
  const effective: Sort =
    sort.key === 'name' || shown.some((m) => m.metric.id === sort.key) ? sort : { key: 'name', descending: false };
  const figures = new Map(data.metrics.map((m) => [m.metric.id, new Map(m.authorities.map((a) => [a.code, a]))]));
  const figureOf = (code: string, metric: MetricId) => figures.get(metric)?.get(code);
  const rows = sortAuthorities(data.authorities, effective, figureOf);
  const earlier = earlierGroups(data);
  const regionName = `${data.region.name} (pooled, live)`;
  const englandName = data.release
    ? `England (pooled, ${earlier ? `${data.release.periodLabel}, ` : ''}released)`
    : 'England (pooled)';
  const caption = `Authorities of the region by metric, ${data.periodLabel}`;

  const header = (key: SortKey, label: string, numeric: boolean) => {
    const active = effective.key === key;
    return (
      <th
        key={key}
        scope="col"
        className={`govuk-table__header${numeric ? ' govuk-table__header--numeric' : ''}`}
        aria-sort={active ? (effective.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          className="app-sort-button"
          onClick={() => setSort({ key, descending: active ? !effective.descending : false })}
        >
          {label}
        </button>
      </th>
    );
  };
  const groupRow = (name: string, group: 'region' | 'england') => (
    <tr className="govuk-table__row" key={group}>
      <th scope="row" className="govuk-table__header">
        {name}
      </th>
      {shown.map((m) => (
        <td key={m.metric.id} className="govuk-table__cell govuk-table__cell--numeric">
          {groupValueText(m.metric.id, m[group])}
        </td>
      ))}
    </tr>
  );

  return (
    <div>
      <h2 className="govuk-heading-m" id="region-authorities-heading">
        {caption}
      </h2>
      <p className="govuk-body">
        Showing{' '}
        {shown.length === data.metrics.length ? `all ${shown.length}` : `${shown.length} of the ${data.metrics.length}`}{' '}
        measures. Each authority's value, its band in the region (A the best quartile, D the worst), its change since
        last quarter and any target it has set; the region and England below them for comparison.
      </p>
      <details className="govuk-details" onToggle={(event) => setChoosing(event.currentTarget.open)}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Choose measures</span>
        </summary>
        {/* Drawn only while open: the boxes' labels ("… in the quarter") stay out of the page's labels until then. */}
        {choosing ? (
          <div className="govuk-details__text">
            <CheckboxesField
              id="overview-measures"
              legend="Measures to show"
              small
              values={chosen}
              onChange={(values) => setChosen(allIds.filter((id) => values.includes(id)))}
              options={data.metrics.map((m) => ({ value: m.metric.id, label: m.metric.label }))}
            />
            <div className="govuk-button-group">
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setChosen(allIds)}>
                Show all measures
              </button>
              <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setChosen(keyIds)}>
                Show the key measures
              </button>
            </div>
          </div>
        ) : null}
      </details>
      <SortForm key={`${effective.key} ${effective.descending}`} sort={effective} shown={shown} onSort={setSort} />
      <div className="app-desktop-only">
        <TableScroll labelId="region-authorities-caption">
          <table className="govuk-table app-table--compact app-overview">
            <caption className="govuk-table__caption govuk-visually-hidden" id="region-authorities-caption">
              {caption}. Select a column heading to sort by it.
            </caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {header('name', 'Authority', false)}
                {shown.map((m) => header(m.metric.id, m.metric.label, true))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.map((a) => (
                <tr className="govuk-table__row" key={a.code}>
                  <th scope="row" className="govuk-table__header">
                    {a.name}
                    {a.counted ? null : <span className="govuk-body-s app-block"> (no submitted return)</span>}
                  </th>
                  {shown.map((m) => (
                    <td key={m.metric.id} className="govuk-table__cell govuk-table__cell--numeric">
                      <FigureCell metric={m.metric} figure={figureOf(a.code, m.metric.id)} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot className="app-overview__groups">
              {groupRow(regionName, 'region')}
              {groupRow(englandName, 'england')}
            </tfoot>
          </table>
        </TableScroll>
        <p className="govuk-body-s">
          Select a column heading to sort the authorities by it; the region and England stay below them.
        </p>
      </div>
      <ul className="govuk-list app-mobile-only app-cards" aria-label={caption}>
        {rows.map((a) => (
          <SummaryCard
            key={a.code}
            title={a.counted ? a.name : `${a.name} (no submitted return)`}
            rows={shown.map((m) => ({
              key: m.metric.id,
              label: <MetricLink period={data.period} metric={m.metric} />,
              value: <FigureCell metric={m.metric} figure={figureOf(a.code, m.metric.id)} />,
            }))}
          />
        ))}
        {(['region', 'england'] as const).map((group) => (
          <SummaryCard
            key={group}
            group
            title={group === 'region' ? regionName : englandName}
            rows={shown.map((m) => ({
              key: m.metric.id,
              label: <MetricLink period={data.period} metric={m.metric} />,
              value: groupValueText(m.metric.id, m[group]),
            }))}
          />
        ))}
      </ul>
    </div>
  );
}
