-- Version 10: what explains a segment's wall-clock times (docs/time.md). Each segment's start and end in its session's
-- media time, and each session's connect time and anchor, as the session's files also say (init segment, prft).
-- Rows written before version 10 keep NULL: their times were anchored the old way (docs/decisions.md D2).

ALTER TABLE segment ADD COLUMN media_start BIGINT;  -- 90 kHz ticks of the session's media time at start_ms
ALTER TABLE segment ADD COLUMN media_end BIGINT;    -- at end_ms (where its last fragment's media ends)

CREATE TABLE camera_session (       -- one connection to a camera; segment.session_id refers to it
  id TEXT PRIMARY KEY,
  camera_id TEXT NOT NULL,
  connect_ms BIGINT NOT NULL,       -- when it began to connect: none of its footage is placed before this
  anchor_ms BIGINT NOT NULL);       -- wall-clock ms of media time 0: the first picture's arrival
