/** Figures for the browser tests, checked with the same shared rules the portal and the API use. */
import { FIGURE_FIELDS, previousPeriod } from '@csc-workforce/metrics-core';
import { EXAMPLE_RETURN, type ReturnFigures, validateReturn } from '@csc-workforce/schemas';
import type { Page } from 'playwright-core';

/** A complete return of a large metropolitan authority that raises no warning on its own. */
export const VALID_FIGURES = EXAMPLE_RETURN;

export type Figures = { -readonly [K in keyof typeof VALID_FIGURES]: number };

/** The previous quarter's figures of the signed-in user's authority, if it has a return. */
export async function previousFigures(
  page: Page,
  authority: string,
  period: string,
): Promise<ReturnFigures | undefined> {
  const previous = previousPeriod(period);
  const response = await page.request.get(`/api/returns/${authority}/${previous}`);
  if (response.status() === 404) return undefined;
  return ((await response.json()) as { figures: ReturnFigures }).figures;
}

/**
 * Figures that pass every rule for this authority and period, compared with its previous quarter:
 * the test's own set, or else the previous quarter's figures again (no change raises no warning),
 * with an ordinary caseload if need be.
 */
export async function cleanFigures(page: Page, authority: string, period: string): Promise<Figures> {
  const previous = await previousFigures(page, authority, period);
  const candidates: ReturnFigures[] = [VALID_FIGURES];
  if (previous) {
    candidates.push(previous);
    // The previous quarter with an ordinary caseload: another test may have left it high (a warning on
    // its own), and caseload is compared with no earlier quarter.
    const caseload = VALID_FIGURES.casesHeld / VALID_FIGURES.caseHoldingFte;
    candidates.push({ ...previous, casesHeld: Math.round(Number(previous.caseHoldingFte) * caseload) });
  }
  for (const candidate of candidates) {
    const result = validateReturn(candidate, { stage: 'submit', period, ...(previous ? { previous } : {}) });
    if (result.errors.length === 0 && result.warnings.length === 0) {
      const figures = {} as Figures;
      for (const field of Object.keys(VALID_FIGURES) as (keyof Figures)[]) figures[field] = Number(candidate[field]);
      return figures;
    }
  }
  throw new Error(`No clean figures for ${authority} ${period}: the demo's previous quarter makes every set warn`);
}

/** Every figure field of the form, for clearing it. */
export const ALL_FIELDS: readonly string[] = FIGURE_FIELDS;
