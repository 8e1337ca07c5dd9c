-- Version 2 as SqliteIndex.migrate made it (not in a transaction then).
ALTER TABLE camera ADD COLUMN pipeline TEXT;
PRAGMA user_version=2;
UPDATE camera SET pipeline = '{"mode":"passthrough","transcode":null,"masks":[],"policyOverride":null}' WHERE id = 'gate';
