-- What a crash inside the old, non-transactional version 1 left: the first tables, and still version 0.
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
