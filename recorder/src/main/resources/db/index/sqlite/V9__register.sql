-- Version 9: the camera register (docs/index-schema.md, decisions D63): one row per camera the municipality lists,
-- connected to a camera of the gateway or not yet ("to connect"). For a connected entry the fields the camera has
-- itself (location, purpose, legal basis, vendor, model, retention, stream) are the camera row's and are NULL here:
-- each is stored once. A camera's removal writes them back here, so the municipality's entry keeps them.

CREATE TABLE register_entry (
  id INTEGER PRIMARY KEY,            -- what the API names an entry by (a key may be any text)
  entry_key TEXT NOT NULL UNIQUE,    -- the natural key: a spreadsheet's own, or made from location and description
  camera_id TEXT UNIQUE REFERENCES camera(id) ON DELETE SET NULL,  -- null: to connect
  location TEXT,                     -- the next six and rtsp_url: only while not connected
  purpose TEXT,
  legal_regime TEXT,
  vendor TEXT,
  model TEXT,
  retention_days INTEGER,
  rtsp_url TEXT,                     -- never with credentials
  latitude TEXT,                     -- WGS84 degrees as written (exact decimal text)
  longitude TEXT,
  description TEXT,
  firmware TEXT,
  serial_number TEXT,
  closed_network INTEGER,            -- 0/1, null: not known
  network_segment TEXT,
  department TEXT,
  dpia_reference TEXT,
  installed_on TEXT,                 -- ISO date
  public_listing INTEGER,            -- 1: in the public register
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL);

-- Every camera is in the register: the cameras there are get an entry named by their id.
INSERT INTO register_entry (entry_key, camera_id, created_ms, updated_ms)
  SELECT id, id, created_ms, updated_ms FROM camera;
