-- Obra session store, schema version 3: the tool calls the agent's permission rules refused in each session, as a
-- JSON array of {"tool", "toolUseId", "input", "rule"} objects ('[]' for sessions recorded before this version).

ALTER TABLE session_record ADD COLUMN permission_denials VARCHAR NOT NULL DEFAULT '[]';
