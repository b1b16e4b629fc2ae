-- Administration: users deactivated by an admin, and invitation links withdrawn.

-- When an admin deactivated the user (null while active, and for a user invited who has not yet set a
-- password): tells a deactivated user from one still invited, who is not active either.
ALTER TABLE users ADD COLUMN deactivated_at timestamptz;

-- When the link stopped working before its time: a newer link was sent (a resend), or the user was
-- deactivated. A link is valid while unused, unwithdrawn and unexpired.
ALTER TABLE invitations ADD COLUMN revoked_at timestamptz;
