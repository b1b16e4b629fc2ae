-- Comparison releases (DESIGN section 6, "Releases, not live figures"). Every figure of a group that
-- holds authorities the viewer may not see by name comes from a release: an immutable, dated snapshot
-- of a period's counted returns. A release of a period records, for the period and for the 4 quarters
-- before it that its annual metrics read (each as that quarter was released then), the revision of
-- every counted return and the region its authority was in. Revisions are never overwritten, so the
-- references are enough to recompute a release exactly, at any later time.
CREATE TABLE comparison_releases (
  id bigserial PRIMARY KEY,
  period_id text NOT NULL REFERENCES periods (id),
  -- 1: the first release of the period; 2 and on: re-releases.
  sequence integer NOT NULL CHECK (sequence > 0),
  released_at timestamptz NOT NULL,
  reason text NOT NULL CHECK (reason IN ('collection-closed', 'due-date-passed', 'scheduled', 'admin')),
  released_by text REFERENCES users (id),
  -- Counted returns of the period itself, and authorities whose contributions changed since the
  -- previous release (null for a first release), for listing without reading the contents.
  returns integer NOT NULL,
  changed integer,
  UNIQUE (period_id, sequence)
);

CREATE TABLE comparison_release_returns (
  release_id bigint NOT NULL REFERENCES comparison_releases (id),
  authority_code text NOT NULL,
  period_id text NOT NULL,
  revision integer NOT NULL,
  region_code text NOT NULL,
  PRIMARY KEY (release_id, authority_code, period_id),
  FOREIGN KEY (authority_code, period_id, revision) REFERENCES return_revisions (authority_code, period_id, revision)
);

-- Releases never change: any UPDATE or DELETE of either table is refused.
CREATE FUNCTION csc_refuse_change() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE EXCEPTION ''% is immutable: releases are never changed'', TG_TABLE_NAME; END';

CREATE TRIGGER comparison_releases_immutable BEFORE UPDATE OR DELETE ON comparison_releases
  FOR EACH ROW EXECUTE FUNCTION csc_refuse_change();

CREATE TRIGGER comparison_release_returns_immutable BEFORE UPDATE OR DELETE ON comparison_release_returns
  FOR EACH ROW EXECUTE FUNCTION csc_refuse_change();

-- The embedded database's caches learn of a new release at once (see 0003).
CREATE TRIGGER comparison_releases_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON comparison_releases
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

-- When a period will be released depends on its rounds' status and due dates: the embedded database's
-- caches of answers that say so learn of changes to them at once as well.
CREATE TRIGGER periods_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON periods
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER collection_rounds_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON collection_rounds
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
