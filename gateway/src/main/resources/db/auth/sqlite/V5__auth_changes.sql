-- Version 5: what changed in users, grants and login sessions, for the other nodes of a cluster to follow
-- (docs/decisions.md D73). Only a cluster node writes rows; the embedded gateway leaves the table empty.

CREATE TABLE auth_change (
  seq INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,               -- user | session | session-revoked | sessions-revoked
  subject TEXT NOT NULL,            -- the user id, or the session's SHA-256 (never the token)
  user_id TEXT,
  created_ms BIGINT,                -- a session's start
  changed_ms BIGINT NOT NULL);
