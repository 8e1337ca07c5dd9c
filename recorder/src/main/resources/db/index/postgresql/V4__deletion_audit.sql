-- Version 4 for PostgreSQL: SQLite's V4 with BIGINT times (the same markers and the same upgrade rule).

ALTER TABLE purge ADD COLUMN audited_ms BIGINT;

UPDATE purge SET audited_ms = finished_ms WHERE finished_ms IS NOT NULL;

CREATE INDEX purge_unaudited ON purge(id) WHERE audited_ms IS NULL AND finished_ms IS NOT NULL;

ALTER TABLE export ADD COLUMN expired_ms BIGINT;

ALTER TABLE export ADD COLUMN expiry_audited_ms BIGINT;

UPDATE export SET expiry_audited_ms = expires_ms WHERE state = 'expired';

CREATE INDEX export_expiry_unaudited ON export(id) WHERE state = 'expired' AND expiry_audited_ms IS NULL;
