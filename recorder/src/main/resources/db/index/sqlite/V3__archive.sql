-- Version 3: what retention, legal holds, proof of deletion and exports need (docs/index-schema.md).

-- Set when a purge claims the segment: its file is being deleted; the row goes last.
ALTER TABLE segment ADD COLUMN purge_id INTEGER;

CREATE INDEX segment_claimed ON segment(purge_id) WHERE purge_id IS NOT NULL;

CREATE TABLE purge (               -- proof of deletion (AVG): one per camera per purge run
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,        -- start of the oldest deleted segment
  to_ms INTEGER NOT NULL,          -- end of the newest deleted segment
  files INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  policy TEXT NOT NULL,            -- retention | reserve
  detail TEXT NOT NULL,            -- the rule, e.g. "retention 28 days (camera setting; regime gemeentewet-151c)"
  cutoff_ms INTEGER,               -- footage ending before this was due (retention only)
  started_ms INTEGER NOT NULL,
  finished_ms INTEGER,             -- null while running, or until start-up recovery finishes it
  state TEXT NOT NULL);            -- running | done | completed-at-startup

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

CREATE TABLE camera_retention (    -- the last retention of every camera: outlives a removed camera
  camera_id TEXT PRIMARY KEY,
  retention_days INTEGER NOT NULL,
  legal_regime TEXT,
  updated_ms INTEGER NOT NULL);

CREATE TABLE export (
  id TEXT PRIMARY KEY,             -- 128 random bits, hex
  camera_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  exporter TEXT NOT NULL,
  purpose TEXT NOT NULL,
  case_number TEXT,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  state TEXT NOT NULL,             -- pending | ready | failed | expired
  file TEXT,                       -- relative to the storage folder (_exports/<id>.mp4); null once expired
  bytes INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT,
  manifest TEXT,                   -- the signed manifest, kept after the file expires
  error TEXT,
  finished_ms INTEGER);

CREATE INDEX export_created ON export(created_ms);
