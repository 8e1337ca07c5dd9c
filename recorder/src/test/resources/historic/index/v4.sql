-- Version 4 as index/DeletionAuditSchema made it.
ALTER TABLE purge ADD COLUMN audited_ms INTEGER;
UPDATE purge SET audited_ms = finished_ms WHERE finished_ms IS NOT NULL;
CREATE INDEX purge_unaudited ON purge(id) WHERE audited_ms IS NULL AND finished_ms IS NOT NULL;
ALTER TABLE export ADD COLUMN expired_ms INTEGER;
ALTER TABLE export ADD COLUMN expiry_audited_ms INTEGER;
UPDATE export SET expiry_audited_ms = expires_ms WHERE state = 'expired';
CREATE INDEX export_expiry_unaudited ON export(id) WHERE state = 'expired' AND expiry_audited_ms IS NULL;
PRAGMA user_version=4;
INSERT INTO purge VALUES (2, 'gate', 0, 500, 1, 400, 'reserve', 'storage reserve', NULL, 800, 810, 'done', NULL);
