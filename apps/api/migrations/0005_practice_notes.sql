-- Practice notes (DESIGN section 7): an authority's account of what it tried, linked to the metrics
-- that show whether it worked. A note's current state is one row of practice_notes; every change
-- (save, publish, archive, restore) appends a revision with the content as it then was, never
-- overwritten. Search is PostgreSQL's full-text search (English stemming) over a generated column:
-- the title weighs most, then the summary, then the body's plain text (its Markdown read by the API).
-- No cache reads these tables, so they need no change notifications (see 0003).

CREATE TABLE practice_notes (
  id text PRIMARY KEY,
  authority_code text NOT NULL REFERENCES authorities (code),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
  -- The number of the latest revision: the version for optimistic concurrency.
  version integer NOT NULL,
  title text NOT NULL,
  summary text NOT NULL,
  -- Markdown as written, and its plain text (for search and excerpts).
  body text NOT NULL,
  body_text text NOT NULL,
  themes text[] NOT NULL,
  author_name text NOT NULL,
  author_role text NOT NULL,
  contact_email text,
  archived_reason text,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES users (id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text REFERENCES users (id),
  published_at timestamptz,
  archived_at timestamptz,
  archived_by text REFERENCES users (id),
  -- The search document, without the two private-use characters that mark highlights in results.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', translate(title, E'\uE000\uE001', '')), 'A') ||
    setweight(to_tsvector('english', translate(summary, E'\uE000\uE001', '')), 'B') ||
    setweight(to_tsvector('english', translate(body_text, E'\uE000\uE001', '')), 'C')
  ) STORED,
  CHECK (cardinality(themes) > 0),
  CHECK (status <> 'published' OR published_at IS NOT NULL),
  CHECK (status <> 'archived' OR archived_reason IS NOT NULL)
);
CREATE INDEX practice_notes_search_idx ON practice_notes USING gin (search);
CREATE INDEX practice_notes_themes_idx ON practice_notes USING gin (themes);
CREATE INDEX practice_notes_authority_idx ON practice_notes (authority_code, status);
CREATE INDEX practice_notes_published_idx ON practice_notes (status, published_at DESC);

-- The metrics a note links as its evidence: its authority's series from from_period to to_period
-- (null: up to the latest quarter compared).
CREATE TABLE practice_note_metrics (
  note_id text NOT NULL REFERENCES practice_notes (id) ON DELETE CASCADE,
  metric text NOT NULL,
  from_period text NOT NULL,
  to_period text,
  position integer NOT NULL,
  PRIMARY KEY (note_id, metric)
);
CREATE INDEX practice_note_metrics_metric_idx ON practice_note_metrics (metric);

CREATE TABLE practice_note_revisions (
  note_id text NOT NULL REFERENCES practice_notes (id),
  revision integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
  -- The note's content at this revision (title, summary, body, themes, metrics, author, contact).
  content jsonb NOT NULL,
  -- Why it was archived, for an archiving revision.
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES users (id),
  PRIMARY KEY (note_id, revision)
);
