-- Change notifications: every statement that changes what the API caches (the returns and the reference
-- data behind comparisons; sessions, users and tokens behind sign-in) notifies the channel csc_changes
-- with the table's name. The embedded database delivers a notification to the process before the
-- write's query returns, so its caches are dropped before anything can read them stale (see
-- src/lib/changes.ts). On a PostgreSQL server the API does not rely on notifications and checks the
-- database on every request instead, so several instances always agree.

CREATE FUNCTION csc_notify_change() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN PERFORM pg_notify(''csc_changes'', TG_TABLE_NAME); RETURN NULL; END';

CREATE TRIGGER returns_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON returns
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER return_revisions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON return_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER authorities_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON authorities
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER regions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER published_releases_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON published_releases
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER published_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON published_figures
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

-- A session's last-seen time is touched at most once a minute and needs no notification; ending one does.
CREATE TRIGGER sessions_ended AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
