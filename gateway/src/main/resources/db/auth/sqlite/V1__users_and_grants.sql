-- Version 1: users and their camera grants as gateways before the numbered migrations made them, without a
-- version (they are recognised by running this step again: IF NOT EXISTS keeps what they have).

CREATE TABLE IF NOT EXISTS app_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL,
  created_ms INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS camera_grant (user_id TEXT NOT NULL REFERENCES app_user(id)
  ON DELETE CASCADE, camera_id TEXT NOT NULL, PRIMARY KEY (user_id, camera_id));
