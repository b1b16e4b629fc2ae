-- DfE's figures beside the right quarter (DESIGN sections 3 and 5).
--
-- A release of DfE's statistics can be withdrawn by an admin (audited): its figures stay stored, but
-- nothing reads them, so that the releases in force are as they were before it was loaded. Loading
-- its file again puts it back.
ALTER TABLE published_releases ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE published_releases ADD COLUMN withdrawn_by text REFERENCES users (id);

-- The codes DfE's files give an authority, when they differ from the exchange's: Barnsley is
-- E08000016 here and in DfE's files to 2024, E08000038 from 2025. `first_year` is the first census
-- year DfE published under the code. An admin confirms each when loading the release that brings it.
CREATE TABLE authority_dfe_codes (
  code text PRIMARY KEY,
  authority_code text NOT NULL REFERENCES authorities (code),
  first_year integer NOT NULL,
  confirmed_at timestamptz NOT NULL,
  confirmed_by text REFERENCES users (id)
);

CREATE INDEX authority_dfe_codes_authority_idx ON authority_dfe_codes (authority_code);

CREATE TRIGGER authority_dfe_codes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON authority_dfe_codes
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
