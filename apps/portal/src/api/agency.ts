/**
 * The agency annex's queries and mutations (issue 17): an authority's annex and compliance for a
 * quarter, its region's price caps, and a region's named compliance for its lead.
 */
import type {
  AgencyAnnex,
  AgencyAssignmentInput,
  AgencyCap,
  AgencyCapInput,
  AgencyComparison,
  AgencyComplianceAnswer,
  RegionAgencyCompliance,
} from '@csc-workforce/schemas';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest, type UploadProgress, uploadFile } from './client';

export const agencyKeys = {
  all: ['agency'] as const,
  annex: (authority: string, period: string) => ['agency', 'annex', authority, period] as const,
  compliance: (authority: string, period: string) => ['agency', 'annex', authority, period, 'compliance'] as const,
  comparison: (authority: string, period: string) => ['agency', 'annex', authority, period, 'comparison'] as const,
  authorityCaps: (authority: string) => ['agency', 'caps', 'authority', authority] as const,
  regionCaps: (region: string) => ['agency', 'caps', 'region', region] as const,
  regionCompliance: (region: string, period: string) => ['agency', 'region', region, period] as const,
};

/** The path of an authority's annex for a period. */
export function annexPath(authority: string, period: string): string {
  return `/api/agency/${encodeURIComponent(authority)}/${encodeURIComponent(period)}`;
}

/** The path of a region's price caps. */
export function regionCapsPath(region: string): string {
  return `/api/regions/${encodeURIComponent(region)}/agency-caps`;
}

/** An authority's annex: its assignments open at the quarter end (registration numbers for its own users). */
export const annexQuery = (authority: string, period: string) =>
  queryOptions({
    queryKey: agencyKeys.annex(authority, period),
    queryFn: ({ signal }) => apiRequest<AgencyAnnex>(annexPath(authority, period), { signal }),
  });

/** An authority's compliance with the agency rules in a quarter, with its breaches. */
export const complianceQuery = (authority: string, period: string) =>
  queryOptions({
    queryKey: agencyKeys.compliance(authority, period),
    queryFn: ({ signal }) =>
      apiRequest<AgencyComplianceAnswer>(`${annexPath(authority, period)}/compliance`, { signal }),
  });

/** An authority's compliance beside its region and England (the groups from the period's first release). */
export const agencyComparisonQuery = (authority: string, period: string) =>
  queryOptions({
    queryKey: agencyKeys.comparison(authority, period),
    queryFn: ({ signal }) => apiRequest<AgencyComparison>(`${annexPath(authority, period)}/comparison`, { signal }),
  });

/** The price caps of the authority's region, every one ever set. */
export const authorityCapsQuery = (authority: string) =>
  queryOptions({
    queryKey: agencyKeys.authorityCaps(authority),
    queryFn: ({ signal }) => apiRequest<AgencyCap[]>(`/api/agency-caps/${encodeURIComponent(authority)}`, { signal }),
  });

/** A region's price caps (its lead). */
export const regionCapsQuery = (region: string) =>
  queryOptions({
    queryKey: agencyKeys.regionCaps(region),
    queryFn: ({ signal }) => apiRequest<AgencyCap[]>(regionCapsPath(region), { signal }),
  });

/** A region's compliance in a quarter, every authority named (its lead). */
export const regionComplianceQuery = (region: string, period: string) =>
  queryOptions({
    queryKey: agencyKeys.regionCompliance(region, period),
    queryFn: ({ signal }) =>
      apiRequest<RegionAgencyCompliance>(
        `/api/regions/${encodeURIComponent(region)}/agency/${encodeURIComponent(period)}/compliance`,
        { signal },
      ),
  });

/** A submitter saves the whole list of assignments on the version they read. */
export function useSaveAnnex(authority: string, period: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { version: number; assignments: AgencyAssignmentInput[] }) =>
      apiRequest<AgencyAnnex>(annexPath(authority, period), { method: 'PUT', json: body }),
    onSuccess: (annex) => {
      queryClient.setQueryData(annexQuery(authority, period).queryKey, annex);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: agencyKeys.compliance(authority, period) }),
        queryClient.invalidateQueries({ queryKey: agencyKeys.comparison(authority, period) }),
      ]);
    },
  });
}

/** A submitter replaces the annex with a CSV or XLSX file. */
export function useImportAnnex(authority: string, period: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: UploadProgress }) =>
      uploadFile<AgencyAnnex>(`${annexPath(authority, period)}/import`, file, onProgress),
    onSuccess: (annex) => {
      queryClient.setQueryData(annexQuery(authority, period).queryKey, annex);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: agencyKeys.compliance(authority, period) }),
        queryClient.invalidateQueries({ queryKey: agencyKeys.comparison(authority, period) }),
      ]);
    },
  });
}

/** A lead (or an admin) sets a price cap for a role from a date. */
export function useSetCap(region: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AgencyCapInput) =>
      apiRequest<AgencyCap>(regionCapsPath(region), { method: 'POST', json: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: agencyKeys.all }),
  });
}
