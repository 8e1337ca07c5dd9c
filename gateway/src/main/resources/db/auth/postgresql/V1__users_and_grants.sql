-- Version 1 for PostgreSQL (the cluster's shared users, D70): SQLite's V1 with a BIGINT time.

CREATE TABLE app_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL,
  created_ms BIGINT NOT NULL);

CREATE TABLE camera_grant (user_id TEXT NOT NULL REFERENCES app_user(id)
  ON DELETE CASCADE, camera_id TEXT NOT NULL, PRIMARY KEY (user_id, camera_id));
