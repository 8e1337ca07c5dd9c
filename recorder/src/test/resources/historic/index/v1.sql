-- The index as SqliteIndex.migrate made version 1 (before the numbered migrations), verbatim, with some rows.
CREATE TABLE camera (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  url TEXT NOT NULL,
  vendor TEXT, model TEXT, location TEXT, purpose TEXT,
  legal_regime TEXT NOT NULL,
  retention_days INTEGER NOT NULL,
  recording INTEGER NOT NULL,
  transport TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL);
CREATE TABLE camera_credential (
  camera_id TEXT PRIMARY KEY REFERENCES camera(id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  password TEXT);
CREATE TABLE segment (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER NOT NULL,
  path TEXT NOT NULL UNIQUE,
  bytes INTEGER NOT NULL,
  codec TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  complete INTEGER NOT NULL);
CREATE INDEX segment_camera_time ON segment(camera_id, start_ms);
CREATE INDEX segment_incomplete ON segment(complete) WHERE complete = 0;
CREATE TABLE seek_point (
  segment_id INTEGER NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  byte_offset INTEGER NOT NULL,
  byte_size INTEGER NOT NULL,
  media_time INTEGER NOT NULL,
  wall_ms INTEGER NOT NULL,
  keyframe INTEGER NOT NULL,
  PRIMARY KEY (segment_id, byte_offset)) WITHOUT ROWID;
PRAGMA user_version=1;
INSERT INTO camera VALUES ('gate', 'Poort', 'rtsp://192.0.2.1/s', 'acme', 'x1', 'hek', 'toegang',
  'avg-building-security', 28, 1, 'tcp', 1000, 1000);
INSERT INTO camera_credential VALUES ('gate', 'viewer', 'secret');
INSERT INTO segment VALUES (1, 'gate', 's1', 1000, 61000, 'gate/2026/01/01/20260101T000001.000Z.mp4', 5000, 'h264',
  640, 360, 1);
INSERT INTO seek_point VALUES (1, 700, 2000, 0, 1000, 1);
INSERT INTO seek_point VALUES (1, 2700, 2300, 90000, 2000, 1);
