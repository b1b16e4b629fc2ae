-- Forgotten passwords: a one-time link (only its hash is stored), e-mailed to an active user, with
-- which they choose a new password. A link is valid while unused, unwithdrawn (a newer link was asked
-- for, or the password was changed) and unexpired.
CREATE TABLE password_resets (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- Two more kinds of e-mail: the link, and the notice that a password was changed.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN (
  'round-opened', 'reminder', 'returned', 'accepted', 'invitation', 'password-reset', 'password-changed'
));
