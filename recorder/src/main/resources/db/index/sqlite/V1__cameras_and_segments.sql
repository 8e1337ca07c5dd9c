-- Version 1: cameras, their credentials, segments and their seek points (docs/index-schema.md).
-- IF NOT EXISTS: gateways before the numbered migrations ran this step without a transaction, so a crash inside it
-- could leave some of these tables at version 0; running it again completes them.

CREATE TABLE IF NOT EXISTS camera (
  id TEXT PRIMARY KEY,              -- [a-z0-9-]{1,63}; also the storage folder name
  name TEXT NOT NULL,
  url TEXT NOT NULL,                -- rtsp:// or rtsps://, never with credentials
  vendor TEXT, model TEXT, location TEXT, purpose TEXT,
  legal_regime TEXT NOT NULL,       -- key of legalRegimes in config/gateway.yaml
  retention_days INTEGER NOT NULL,
  recording INTEGER NOT NULL,       -- 0/1
  transport TEXT NOT NULL,          -- tcp | udp
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL);

CREATE TABLE IF NOT EXISTS camera_credential (  -- apart from the URL; never returned by the API
  camera_id TEXT PRIMARY KEY REFERENCES camera(id) ON DELETE CASCADE,
  username TEXT NOT NULL,
  password TEXT);

CREATE TABLE IF NOT EXISTS segment (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,          -- not a foreign key: recordings outlive a removed camera until retention
  session_id TEXT NOT NULL,         -- one RTSP session ('recovered' after recovery)
  start_ms INTEGER NOT NULL,        -- wall clock, epoch ms, UTC
  end_ms INTEGER NOT NULL,
  path TEXT NOT NULL UNIQUE,        -- relative to the storage folder
  bytes INTEGER NOT NULL,
  codec TEXT NOT NULL,              -- h264 | hevc
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  complete INTEGER NOT NULL);       -- 0 while being written; recovery completes or removes it

CREATE INDEX IF NOT EXISTS segment_camera_time ON segment(camera_id, start_ms);

CREATE INDEX IF NOT EXISTS segment_incomplete ON segment(complete) WHERE complete = 0;

CREATE TABLE IF NOT EXISTS seek_point (  -- one per fragment (moof+mdat)
  segment_id INTEGER NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
  byte_offset INTEGER NOT NULL,     -- where the moof starts in the file
  byte_size INTEGER NOT NULL,       -- moof + mdat
  media_time INTEGER NOT NULL,      -- tfdt, 90 kHz ticks since the session started
  wall_ms INTEGER NOT NULL,
  keyframe INTEGER NOT NULL,        -- 1 if the fragment starts with a keyframe
  PRIMARY KEY (segment_id, byte_offset)) WITHOUT ROWID;
