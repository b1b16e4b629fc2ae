import { type ReactNode, Suspense } from 'react';

/** A chart under its heading and description, loaded lazily, with its table of the same numbers after it. */
export function ChartSection({
  id,
  title,
  description,
  chart,
  children,
}: {
  readonly id: string;
  readonly title: string;
  readonly description: ReactNode;
  readonly chart: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="app-chart-section">
      <h2 className="govuk-heading-m" id={id}>
        {title}
      </h2>
      <div className="govuk-body">{description}</div>
      <figure className="app-figure">
        <Suspense fallback={<p className="govuk-body-s">Loading the chart…</p>}>{chart}</Suspense>
      </figure>
      {children}
    </section>
  );
}
