/**
 * Lists answered a page at a time (users, notes, the outbox, the audit log).
 *
 * @module
 */

/** Which page of a list is asked for: its number, from 1, and how many items a page holds. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

/** How many items come before the page. */
export const offsetOf = (request: PageRequest): number => (request.page - 1) * request.pageSize;
