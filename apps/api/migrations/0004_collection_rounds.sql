-- The regional lead's desk: collection rounds, the outbox of e-mails, and invitations.

-- A collection round is one region's collection of one period. An admin opens or closes a period for
-- every region at once (periods.status); a regional lead opens or closes it for their own region, and
-- may set the region's own due date. A round's row, when there is one, decides for its region; without
-- one the period's status and due date apply. Returns can be changed only while the round is open.
CREATE TABLE collection_rounds (
  period_id text NOT NULL REFERENCES periods(id) ON DELETE CASCADE,
  region_code text NOT NULL REFERENCES regions(code),
  status text NOT NULL CHECK (status IN ('open', 'closed')),
  due_date date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text REFERENCES users(id),
  PRIMARY KEY (period_id, region_code)
);

-- Every e-mail the exchange sends is written here first, in the same transaction as the change that
-- causes it, then delivered over SMTP when SMTP_URL is set ('queued' → 'sent', or 'failed' after the
-- last attempt). Without SMTP_URL mails are 'kept': an admin reads them in the portal.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  to_address text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('round-opened', 'reminder', 'returned', 'accepted', 'invitation')),
  entity_id text,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'kept')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  sent_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('queued', 'sending');

-- An invitation: a one-time link (only its hash is stored) with which an invited user sets a password.
CREATE TABLE invitations (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text REFERENCES users(id),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX invitations_user ON invitations (user_id);
