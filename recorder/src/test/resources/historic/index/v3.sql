-- Version 3 as index/ArchiveSchema made it, with a finished purge, a hold and an expired export.
ALTER TABLE segment ADD COLUMN purge_id INTEGER;
CREATE INDEX segment_claimed ON segment(purge_id) WHERE purge_id IS NOT NULL;
CREATE TABLE purge (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  files INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  policy TEXT NOT NULL,
  detail TEXT NOT NULL,
  cutoff_ms INTEGER,
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER,
  state TEXT NOT NULL);
CREATE INDEX purge_started ON purge(started_ms);
CREATE TABLE legal_hold (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  reason TEXT NOT NULL,
  requester TEXT NOT NULL,
  case_number TEXT,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  released_ms INTEGER,
  released_by TEXT,
  release_reason TEXT);
CREATE INDEX legal_hold_camera ON legal_hold(camera_id, from_ms);
CREATE TABLE camera_retention (
  camera_id TEXT PRIMARY KEY,
  retention_days INTEGER NOT NULL,
  legal_regime TEXT,
  updated_ms INTEGER NOT NULL);
CREATE TABLE export (
  id TEXT PRIMARY KEY,
  camera_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  exporter TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_number TEXT,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  state TEXT NOT NULL,
  file TEXT,
  bytes INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT,
  manifest TEXT,
  error TEXT,
  finished_ms INTEGER);
CREATE INDEX export_created ON export(created_ms);
PRAGMA user_version=3;
INSERT INTO purge VALUES (1, 'gate', 0, 500, 2, 900, 'retention', 'retention 28 days', 400, 600, 700, 'done');
INSERT INTO legal_hold VALUES (1, 'gate', 1000, 61000, 'incident', 'ria', 'C-1', 900, 99999999999999, NULL, NULL, NULL);
INSERT INTO camera_retention VALUES ('gate', 28, 'avg-building-security', 800);
INSERT INTO export VALUES ('0123456789abcdef0123456789abcdef', 'gate', 1000, 2000, 'ria', 'onderzoek', NULL, 900, 950,
  'expired', NULL, 0, NULL, '{"manifest":{}}', NULL, 920);
