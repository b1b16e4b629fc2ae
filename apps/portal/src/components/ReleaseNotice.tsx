/**
 * The release a comparison's group figures come from (DESIGN section 6: releases, not live figures),
 * said on every page that shows them; and, while the period compared is not released, a banner saying
 * when it will be, that the groups are the last released period's, and that the viewer's own figures
 * are live.
 */
import type { Comparison, MetricComparison } from '@csc-workforce/schemas';
import { earlierGroups, releaseLine } from '../lib/compare';
import { NotificationBanner } from './NotificationBanner';

type Answer = Comparison | MetricComparison;

/** What the group figures of an answer are called: a lead's own region is live, so not among them. */
export function groupsName(data: Answer): string {
  return data.view === 'region' ? 'England and other regions’ figures' : 'Region and England figures';
}

/** How the figures of a period not yet released are made up, in a sentence. */
function liveSentence(data: Answer): string {
  const earlier = earlierGroups(data);
  if (data.view === 'region') {
    return earlier
      ? `Your region’s figures are live, for ${data.periodLabel}, with its authorities named. England and the other regions are ${earlier} figures, as released, and no authority is placed among them until ${data.periodLabel} is released.`
      : `Your region’s figures are live, for ${data.periodLabel}, with its authorities named. England and the other regions are not shown: no quarter has been released yet.`;
  }
  return earlier
    ? `${data.authority.name}’s own figures are live, for ${data.periodLabel}. The ${data.region.name} and England columns are ${earlier} figures, as released, and your authority is not placed among them until ${data.periodLabel} is released.`
    : `${data.authority.name}’s own figures are live, for ${data.periodLabel}. Region and England figures are not shown: no quarter has been released yet.`;
}

export function ReleaseNotice({ data }: { readonly data: Answer }) {
  return (
    <>
      {data.notReleased ? (
        <NotificationBanner heading={`${data.periodLabel} has not been released yet`}>
          <p className="govuk-body">{data.notReleased.message}</p>
          <p className="govuk-body">{liveSentence(data)}</p>
        </NotificationBanner>
      ) : null}
      <p className="govuk-body">
        {releaseLine(data.release, groupsName(data))}.
        {data.view === 'region' ? ' Your region’s own figures are live.' : ''}
      </p>
    </>
  );
}
