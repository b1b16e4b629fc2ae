/**
 * A one-page printable summary: the table the regional groups make by hand (DESIGN section 1), with
 * the authority's value, the regional average and range, England and DfE's published national figure.
 * Print styles hide the service's header, navigation and footer, so browser print to PDF gives one page.
 */

import type { Comparison, Group } from '@csc-workforce/schemas';
import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { comparisonQuery } from '../api/queries';
import { BandTag } from '../components/BandTag';
import { ComparisonSummary } from '../components/ComparisonSummary';
import { DataTable } from '../components/DataTable';
import { groupsName } from '../components/ReleaseNotice';
import { DemoTag } from '../components/StatusTag';
import { earlierGroups, formatValue, groupHeading, groupValueText, publishedText, releaseLine } from '../lib/compare';
import { KEY_METRICS } from '../lib/metrics';
import { targetStandingText, targetText } from '../lib/targets';
import { usePageTitle } from '../lib/usePageTitle';

const route = getRouteApi('/signed-in/compare/$period/print');

const bound = (group: Group, which: 'min' | 'max') => (group.status === 'shown' ? group[which] : null);

/** Every target of the answer: an authority user's own, or each of a lead's authorities'. */
function targetRows(data: Comparison) {
  if (data.view === 'authority') {
    return data.metrics.flatMap((m) =>
      m.target ? [{ key: m.metric.id, who: null, metric: m.metric, target: m.target }] : [],
    );
  }
  const names = new Map(data.authorities.map((a) => [a.code, a.name]));
  return data.authorities.flatMap((authority) =>
    data.metrics.flatMap((m) => {
      const target = m.authorities.find((a) => a.code === authority.code)?.target;
      return target
        ? [
            {
              key: `${authority.code} ${m.metric.id}`,
              who: names.get(authority.code) ?? authority.code,
              metric: m.metric,
              target,
            },
          ]
        : [];
    }),
  );
}

/** The targets and where each stands at the quarter; nothing when none is set. */
function Targets({ data }: { readonly data: Comparison }) {
  const rows = targetRows(data);
  if (rows.length === 0) return null;
  const lead = data.view === 'region';
  return (
    <DataTable
      id="print-targets-caption"
      caption={lead ? `Targets the authorities have set, ${data.periodLabel}` : `Our targets, ${data.periodLabel}`}
      captionClassName="govuk-table__caption--s"
      className="app-table--compact"
      scroll={false}
      columns={[...(lead ? ['Authority'] : []), 'Metric', 'Target', 'Where it stands']}
      rows={rows.map((r) => ({
        key: r.key,
        header: r.who ?? r.metric.label,
        cells: [
          ...(r.who ? [r.metric.label] : []),
          targetText(r.metric.id, r.target),
          targetStandingText(r.metric, r.target),
        ],
      }))}
    />
  );
}

/** A lead's authorities by the key measures: each value and its band in the region. */
function Authorities({ data }: { readonly data: Comparison }) {
  if (data.view !== 'region') return null;
  const metrics = data.metrics.filter((m) => (KEY_METRICS as readonly string[]).includes(m.metric.id));
  const authorities = [...data.authorities].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return (
    <div className="app-print-keep">
      <DataTable
        id="print-authorities-caption"
        caption={`The authorities of ${data.region.name}, ${data.periodLabel}: value and band in the region (A best, D worst)`}
        captionClassName="govuk-table__caption--s"
        className="app-table--compact"
        scroll={false}
        columns={['Authority', ...metrics.map((m) => ({ label: m.metric.label, numeric: true as const }))]}
        rows={authorities.map((a) => ({
          key: a.code,
          header: a.counted ? a.name : `${a.name} (no submitted return)`,
          cells: metrics.map((m) => {
            const figure = m.authorities.find((f) => f.code === a.code);
            return (
              <>
                {formatValue(m.metric.id, figure?.value)}{' '}
                <BandTag band={figure?.region.band ?? null} polarity={m.metric.polarity} />
              </>
            );
          }),
        }))}
      />
    </div>
  );
}

export function ComparePrintPage() {
  const { period } = route.useParams();
  const data = useSuspenseQuery(comparisonQuery(period)).data;
  const who = data.view === 'authority' ? data.authority.name : data.region.name;
  usePageTitle(`Summary for printing: ${who}, ${data.periodLabel}`);
  const year = data.published?.year;
  const earlier = earlierGroups(data);
  // A lead's own region is live, of the period; an authority user's region is released with England.
  const regionEarlier = data.view === 'authority' ? earlier : null;
  const rows =
    data.view === 'authority'
      ? data.metrics.map((m) => ({
          metric: m.metric,
          own: m.own.value,
          region: m.region.group,
          england: m.england.group,
          neighbours: m.neighbours?.group ?? null,
          published: m.published,
        }))
      : data.metrics.map((m) => ({
          metric: m.metric,
          own: null,
          region: m.region,
          england: m.england,
          neighbours: null,
          published: m.published,
        }));
  // An authority user in DfE's statistical-neighbour model sees its neighbours' group too.
  const neighbours = data.view === 'authority' ? (data.neighbours ?? null) : null;
  return (
    <article className="app-print">
      <p className="govuk-body app-no-print">
        <Link to="/compare/$period" params={{ period }} className="govuk-link">
          Back to how we compare
        </Link>
      </p>
      <span className="govuk-caption-l">{data.view === 'authority' ? data.region.name : 'Regional lead'}</span>
      <h1 className="govuk-heading-l">
        {who}: workforce comparison, {data.periodLabel}
      </h1>
      <p className="govuk-body">
        {releaseLine(data.release, groupsName(data))}.
        {data.view === 'region' ? ' Your region’s own figures are live.' : ''}
        {neighbours ? ` Neighbours: the ${neighbours.count} most like ${who} (${neighbours.model.name}), pooled.` : ''}
      </p>
      {data.notReleased ? <div className="govuk-inset-text">{data.notReleased.message}</div> : null}
      {data.demo ? (
        <p className="govuk-body">
          <DemoTag /> Includes demo returns, made up for the demonstration.
        </p>
      ) : null}
      <ComparisonSummary sentences={data.summary} />
      <DataTable
        id="print-caption"
        caption={
          data.view === 'authority'
            ? `${who} compared with ${data.region.name} and England, ${data.periodLabel}`
            : `${who} and England, ${data.periodLabel}`
        }
        captionClassName="govuk-visually-hidden"
        className="app-table--compact"
        scroll={false}
        columns={[
          'Metric',
          ...(data.view === 'authority'
            ? [{ label: `${data.authority.name} ${data.periodLabel}`, numeric: true as const }]
            : []),
          { label: groupHeading('Regional average', regionEarlier), numeric: true },
          { label: 'Range from', numeric: true },
          { label: 'to', numeric: true },
          { label: groupHeading('National', earlier), numeric: true },
          ...(neighbours ? [{ label: 'Neighbours', numeric: true as const }] : []),
          { label: year ? `DfE national ${year}` : 'DfE national', numeric: true },
        ]}
        rows={rows.map((r) => ({
          key: r.metric.id,
          header: r.metric.label,
          cells: [
            ...(data.view === 'authority' ? [formatValue(r.metric.id, r.own)] : []),
            groupValueText(r.metric.id, r.region),
            formatValue(r.metric.id, bound(r.region, 'min')),
            formatValue(r.metric.id, bound(r.region, 'max')),
            groupValueText(r.metric.id, r.england),
            ...(neighbours ? [r.neighbours ? groupValueText(r.metric.id, r.neighbours) : '–'] : []),
            r.published ? publishedText(r.metric.id, r.published.national) : '–',
          ],
        }))}
      />
      <Authorities data={data} />
      <Targets data={data} />
      <p className="govuk-body-s">
        Regional average and national are pooled over the authorities with a submitted return (Σ numerators ÷ Σ
        denominators, as the Department for Education computes them). Figures are withheld where fewer than{' '}
        {data.minGroupSize} authorities contributed.{' '}
        {data.published ? `DfE: ${data.published.release}, census of 30 September ${data.published.year}.` : ''}
      </p>
      <p className="app-no-print">
        <button type="button" className="govuk-button" onClick={() => window.print()}>
          Print this page
        </button>
      </p>
    </article>
  );
}
