import { type ReactNode, useEffect, useId, useRef } from 'react';

interface NotificationBannerProps {
  readonly heading: ReactNode;
  readonly children?: ReactNode;
  /** `success` after something the user did; `important` for information. */
  readonly type?: 'success' | 'important';
  readonly focusKey?: number | string;
}

/** GOV.UK notification banner; a success banner takes focus (role=alert), as GOV.UK asks. */
export function NotificationBanner({ heading, children, type = 'important', focusKey }: NotificationBannerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const success = type === 'success';
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus on each new success (focusKey).
  useEffect(() => {
    if (success) ref.current?.focus();
  }, [focusKey, success]);
  const titleId = `notification-title-${useId()}`;
  const content = (
    <>
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {success ? 'Success' : 'Important'}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <h3 className="govuk-notification-banner__heading">{heading}</h3>
        {children}
      </div>
    </>
  );
  return success ? (
    <div
      ref={ref}
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby={titleId}
      tabIndex={-1}
    >
      {content}
    </div>
  ) : (
    <section ref={ref} className="govuk-notification-banner" aria-labelledby={titleId}>
      {content}
    </section>
  );
}
