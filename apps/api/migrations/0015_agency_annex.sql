-- The agency annex (DESIGN section 4, issue 17): each authority's agency assignments open at quarter
-- end, no names, as part of the quarter's return; the regions' price caps; the statutory agency rules.
--
-- An annex follows its return's lifecycle: its submitters change it while the return is a draft or sent
-- back (and the period is open); submitted and accepted with the return. Every save is a new revision
-- (agency_annex_revisions, with its assignments): nothing is overwritten, and concurrent saves are
-- refused by the version, as for the return.
CREATE TABLE agency_annexes (
  authority_code text NOT NULL REFERENCES authorities (code),
  period_id text NOT NULL REFERENCES periods (id),
  -- The number of the latest revision: the version for optimistic concurrency.
  version integer NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text REFERENCES users (id),
  PRIMARY KEY (authority_code, period_id)
);

CREATE TABLE agency_annex_revisions (
  authority_code text NOT NULL,
  period_id text NOT NULL,
  revision integer NOT NULL,
  -- How it was made: save (the form or the API) or import (a CSV/XLSX upload).
  action text NOT NULL CHECK (action IN ('save', 'import')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES users (id),
  PRIMARY KEY (authority_code, period_id, revision),
  FOREIGN KEY (authority_code, period_id) REFERENCES agency_annexes (authority_code, period_id)
);

-- One row per assignment of a revision. The Social Work England registration number is personal data:
-- seen only by the authority's own users, and removed (set to null, with the time) once the assignment
-- ended more than AGENCY_REGISTRATION_RETENTION_DAYS ago, in every revision.
CREATE TABLE agency_assignments (
  authority_code text NOT NULL,
  period_id text NOT NULL,
  revision integer NOT NULL,
  line integer NOT NULL,
  role_type text NOT NULL CHECK (role_type IN ('social-worker', 'senior-social-worker', 'advanced-practitioner', 'team-manager', 'iro-conference-chair')),
  hourly_rate numeric NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  registration_number text,
  registration_removed_at timestamptz,
  pqe_years numeric NOT NULL,
  references_received integer NOT NULL,
  project_team boolean NOT NULL,
  project_team_approved boolean NOT NULL,
  cool_off boolean NOT NULL,
  PRIMARY KEY (authority_code, period_id, revision, line),
  FOREIGN KEY (authority_code, period_id, revision) REFERENCES agency_annex_revisions (authority_code, period_id, revision)
);

-- The retention sweep finds the numbers to remove by end date.
CREATE INDEX agency_assignments_registration_idx ON agency_assignments (end_date) WHERE registration_number IS NOT NULL;

-- A region's price caps per role type, each in force from its date until a later one of the role:
-- never updated or deleted, so the history is kept and an assignment is judged by the cap in force at
-- its start. Set by the region's lead or an admin (audited).
CREATE TABLE agency_caps (
  id serial PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  role_type text NOT NULL CHECK (role_type IN ('social-worker', 'senior-social-worker', 'advanced-practitioner', 'team-manager', 'iro-conference-chair')),
  hourly_cap numeric NOT NULL,
  effective_from date NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  set_by text REFERENCES users (id)
);

CREATE INDEX agency_caps_region_idx ON agency_caps (region_code, role_type, effective_from);

CREATE TRIGGER agency_annexes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency_annexes
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();

CREATE TRIGGER agency_caps_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency_caps
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
