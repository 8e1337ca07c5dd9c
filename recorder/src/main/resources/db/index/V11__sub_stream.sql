-- Version 11: a camera's sub-stream (docs/decisions.md D89), the smaller second stream live grids show; never recorded.
-- Its own table, as the main stream's credentials have theirs: a camera has at most one, and it goes with the camera.
-- The URL never carries credentials; the password is sealed as the main one (D50), bound to "<camera id>#sub".

CREATE TABLE camera_sub_stream (
  camera_id TEXT PRIMARY KEY REFERENCES camera(id) ON DELETE CASCADE,
  url TEXT NOT NULL,                -- rtsp:// or rtsps://, never with credentials
  username TEXT,
  password_sealed TEXT);            -- never returned by the API
