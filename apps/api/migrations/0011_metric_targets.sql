-- An authority's targets (DESIGN section 4): per metric, a value to reach by a quarter, set by its
-- submitters, shown beside its comparisons to its users and its region's lead. One per authority and
-- metric; setting it again replaces it (the audit log keeps what it was).
CREATE TABLE metric_targets (
  authority_code text NOT NULL REFERENCES authorities (code),
  metric text NOT NULL,
  value numeric NOT NULL,
  by_period text NOT NULL,
  note text,
  set_at timestamptz NOT NULL,
  set_by text REFERENCES users (id),
  PRIMARY KEY (authority_code, metric)
);

CREATE TRIGGER metric_targets_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON metric_targets
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
