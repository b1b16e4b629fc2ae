-- Published statistics: DfE's "Children's social work workforce" indicators, stored as versioned
-- releases. A release is one file as published; its figures are never changed, a new file is a new
-- release. The id of a loaded file is a hash of its content, so loading the same file twice finds it.

CREATE TABLE published_releases (
  id text PRIMARY KEY,
  name text NOT NULL,
  source text NOT NULL,
  first_year integer NOT NULL,
  last_year integer NOT NULL,
  rows integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  loaded_by text REFERENCES users (id),
  CHECK (first_year <= last_year),
  CHECK (rows > 0)
);

-- One figure per release, year, area and measure: a number, or a GSS symbol in its place
-- (z not applicable, x not available, c confidential, u low reliability, low rounds to zero).
-- area_code is E92000001 for England, the region's code, or the authority's; a row joining two
-- authorities keeps its joined code ('E06000061 / E06000062').
CREATE TABLE published_figures (
  release_id text NOT NULL REFERENCES published_releases (id) ON DELETE CASCADE,
  time_period integer NOT NULL,
  geographic_level text NOT NULL CHECK (geographic_level IN ('National', 'Regional', 'Local authority')),
  area_code text NOT NULL,
  old_la_code text,
  area_name text NOT NULL,
  measure text NOT NULL,
  value numeric,
  symbol text CHECK (symbol IN ('z', 'x', 'c', 'u', 'low')),
  CHECK ((value IS NULL) <> (symbol IS NULL)),
  PRIMARY KEY (release_id, time_period, area_code, measure)
);
CREATE INDEX published_figures_area_idx ON published_figures (release_id, area_code, measure);
CREATE INDEX published_figures_measure_idx ON published_figures (release_id, measure, time_period);
