-- Reference data, users and sessions, collection periods, returns with immutable revisions, audit log.

CREATE TABLE regions (
  code text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE authorities (
  code text PRIMARY KEY,
  name text NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  -- DfE's 3-digit code, stable when the ONS code changes.
  old_la_code text,
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX authorities_region_idx ON authorities (region_code);

CREATE TABLE users (
  id text PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('authority_submitter', 'authority_viewer', 'regional_lead', 'admin')),
  authority_code text REFERENCES authorities (code),
  region_code text REFERENCES regions (code),
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role NOT IN ('authority_submitter', 'authority_viewer') OR authority_code IS NOT NULL),
  CHECK (role <> 'regional_lead' OR region_code IS NOT NULL)
);

-- Server-side sessions; the cookie holds a random token whose SHA-256 is the key.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Personal API tokens: shown once, stored as SHA-256.
CREATE TABLE api_tokens (
  id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Failed sign-ins, for rate limiting across every API instance.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);

CREATE TABLE periods (
  id text PRIMARY KEY,
  status text NOT NULL DEFAULT 'closed' CHECK (status IN ('open', 'closed')),
  due_date date,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One return per authority and period; its figures live in revisions, never overwritten.
CREATE TABLE returns (
  authority_code text NOT NULL REFERENCES authorities (code),
  period_id text NOT NULL REFERENCES periods (id),
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
  -- The number of the latest revision: the version for optimistic concurrency.
  version integer NOT NULL,
  returned_reason text,
  demo boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text REFERENCES users (id),
  PRIMARY KEY (authority_code, period_id)
);
CREATE INDEX returns_period_idx ON returns (period_id, status);

CREATE TABLE return_revisions (
  authority_code text NOT NULL,
  period_id text NOT NULL,
  revision integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'returned')),
  figures jsonb NOT NULL,
  comment text,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES users (id),
  PRIMARY KEY (authority_code, period_id, revision),
  FOREIGN KEY (authority_code, period_id) REFERENCES returns (authority_code, period_id)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id text REFERENCES users (id),
  action text NOT NULL,
  entity text NOT NULL,
  entity_id text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
