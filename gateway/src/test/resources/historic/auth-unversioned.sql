-- auth.db as UserStore made it before the numbered migrations (no version), its statements verbatim, with a user.
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS app_user (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL, must_change INTEGER NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS camera_grant (user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE, camera_id TEXT NOT NULL, PRIMARY KEY (user_id, camera_id));
INSERT INTO app_user VALUES ('u1', 'olga', 'operator', 'pbkdf2-sha256$1000$c2FsdA$aGFzaA', 0, 1700000000000);
INSERT INTO camera_grant VALUES ('u1', 'gate');
INSERT INTO camera_grant VALUES ('u1', 'yard');
