-- The statistical-neighbour model in force is the admin's choice (DESIGN section 3): a model is loaded
-- first (with a preview of what changes) and put in force when chosen. The model in force is the one
-- chosen last; the model loaded on start is in force from when it was loaded.
ALTER TABLE neighbour_models ADD COLUMN in_force_since timestamptz;
ALTER TABLE neighbour_models ADD COLUMN chosen_by text REFERENCES users (id);

UPDATE neighbour_models SET in_force_since = loaded_at
WHERE id = (SELECT id FROM neighbour_models ORDER BY loaded_at DESC, id LIMIT 1);
