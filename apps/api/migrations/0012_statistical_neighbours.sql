-- Statistical neighbours (DESIGN section 3): DfE's models of the 10 authorities most like each, kept as
-- releases like DfE's published figures (a model is one file as published; its id is the file's hash).
-- Pairs are stored by DfE's LA numbers, as the file has them, and matched to the exchange's authorities
-- through their old code (authorities.old_la_code) when read, so a change of ONS code changes nothing.
CREATE TABLE neighbour_models (
  id text PRIMARY KEY,
  name text NOT NULL,
  source text NOT NULL,
  rows integer NOT NULL,
  loaded_at timestamptz NOT NULL,
  loaded_by text REFERENCES users (id)
);

CREATE TABLE neighbour_pairs (
  model_id text NOT NULL REFERENCES neighbour_models (id) ON DELETE CASCADE,
  la_number text NOT NULL,
  rank integer NOT NULL CHECK (rank BETWEEN 1 AND 20),
  neighbour_la_number text NOT NULL,
  closeness text,
  PRIMARY KEY (model_id, la_number, rank)
);

CREATE TRIGGER neighbour_models_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON neighbour_models
  FOR EACH STATEMENT EXECUTE FUNCTION csc_notify_change();
