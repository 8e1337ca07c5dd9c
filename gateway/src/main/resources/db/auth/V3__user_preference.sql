-- Version 3: each user's own page settings (the live grid's layout and cameras), one JSON object per user,
-- removed with the user (docs/decisions.md D60).

CREATE TABLE user_preference (
  user_id TEXT PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
  settings TEXT NOT NULL,
  updated_ms BIGINT NOT NULL);
