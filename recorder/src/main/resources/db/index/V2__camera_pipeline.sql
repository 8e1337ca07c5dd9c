-- Version 2: the camera's pipeline (mode, transcode settings, privacy masks, policy override) as one JSON column:
-- nested lists (masks) do not fit columns well.

ALTER TABLE camera ADD COLUMN pipeline TEXT;
