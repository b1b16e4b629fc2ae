-- Authority codes that change (DESIGN section 3): an authority keeps its identity and history across a
-- change of code; it has a current code and the codes it had, with dates.
--
-- The design, and why: `authorities.code` stays the authority's key for good (the code it had when
-- the exchange first knew it), so that no return, revision, user, target, note or release row is
-- rewritten and no foreign key moves. The codes it had are `authorities.code` (until the first later
-- code took effect) and the codes of DfE's files confirmed as its own (authority_dfe_codes, migration
-- 0010), each from the census date of the first year DfE published under it (30 September of
-- `first_year`) until the next one's. A column rather than a table of its own holds the code in use
-- now, so that reading it costs nothing more than the authority's row:
--
-- `current_code` is the newest of its confirmed codes that a release in force holds figures under;
-- NULL while that is its key. The API works it out again whenever a release is loaded, withdrawn or
-- put back (services/authority-codes.ts), so that withdrawing the release that brought a code brings
-- the former one back. Every answer and export shows the current code; every route accepts any of
-- an authority's codes.
ALTER TABLE authorities ADD COLUMN current_code text;

CREATE UNIQUE INDEX authorities_current_code_idx ON authorities (current_code);

-- A database that confirmed codes under migration 0010 gets its current codes now, as the API works
-- them out (services/authority-codes.ts, refreshCurrentCodes): the newest by first year of an
-- authority's confirmed DfE codes that a release in force holds figures under.
UPDATE authorities a SET current_code = (
  SELECT d.code FROM authority_dfe_codes d
  WHERE d.authority_code = a.code
    AND EXISTS (
      SELECT 1 FROM published_figures f
      JOIN published_releases r ON r.id = f.release_id AND r.withdrawn_at IS NULL
      WHERE f.area_code = d.code AND f.geographic_level = 'Local authority')
  ORDER BY d.first_year DESC, d.code DESC LIMIT 1
);
