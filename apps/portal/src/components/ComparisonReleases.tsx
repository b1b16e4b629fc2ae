/**
 * A period's comparison releases (DESIGN section 6: releases, not live figures), newest first: when
 * each was made and why, the returns it counted and how many authorities' contributions changed since
 * the one before; and what waits for the next. A regional lead sees their own region's counts, an
 * admin England's.
 */
import type { ComparisonRelease, ComparisonReleases } from '@csc-workforce/schemas';
import { releaseReasonText } from '../lib/compare';
import { formatDateTime, plural } from '../lib/text';
import { DataTable } from './DataTable';

interface Props {
  readonly data: ComparisonReleases;
  /** The lead's region, whose counts are shown; none for an admin, who sees England's. */
  readonly region?: { readonly code: string; readonly name: string } | undefined;
}

/** The counts of a release for the region shown, or England's. */
function counts(release: ComparisonRelease, regionCode: string | undefined) {
  if (!regionCode) return { returns: release.returns, changed: release.changed };
  const region = release.regions.find((r) => r.code === regionCode);
  return { returns: region?.returns ?? 0, changed: region?.changed ?? null };
}

export function ComparisonReleasesSection({ data, region }: Props) {
  const where = region?.name ?? 'England';
  const waiting = region ? (data.pending.regions.find((r) => r.code === region.code)?.changed ?? 0) : 0;
  return (
    <section aria-labelledby="releases-heading">
      <h2 className="govuk-heading-m" id="releases-heading">
        Comparison releases
      </h2>
      <p className="govuk-body">
        Authorities{region ? ' and the other regions’ leads' : ''} see other authorities’ figures for {data.periodLabel}{' '}
        only from a release: a dated snapshot of the counted returns, first made when the collection closes. Later
        changes are re-released together once, in every group they change, at least {data.minGroupSize} authorities’
        contributions have changed.
        {region ? ' Your region’s own figures are live on your desk.' : ''}
      </p>
      {data.releases.length === 0 ? (
        <p className="govuk-body">{data.periodLabel} has no release yet.</p>
      ) : (
        <DataTable
          id="releases-caption"
          caption={`Releases of ${data.periodLabel}, newest first`}
          className="app-table--compact"
          columns={[
            'Release',
            'Made',
            'Why',
            { label: `Returns counted in ${where}`, numeric: true },
            { label: `Authorities changed in ${where}`, numeric: true },
          ]}
          rows={data.releases.map((release) => {
            const { returns, changed } = counts(release, region?.code);
            return {
              key: String(release.sequence),
              header: `Release ${release.sequence}`,
              cells: [
                formatDateTime(release.releasedAt),
                releaseReasonText(release),
                returns,
                release.sequence === 1 || changed === null ? 'First release' : changed,
              ],
            };
          })}
        />
      )}
      <div className="govuk-inset-text">
        <p className="govuk-body">{data.pending.message}</p>
        {region && data.releases.length > 0 && waiting > 0 ? (
          <p className="govuk-body">
            Of them, {plural(waiting, 'authority', 'authorities')} in {region.name}.
          </p>
        ) : null}
      </div>
    </section>
  );
}
