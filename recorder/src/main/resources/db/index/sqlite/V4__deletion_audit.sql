-- Version 4: a purge and an expired export copy remember when their audit entry became durable. A deletion must
-- not wait for the audit log (the storage reserve frees space while it is down), so the entry may come later;
-- these markers are how the gateway finds deletions whose entry is still owed, after an outage or a crash.

ALTER TABLE purge ADD COLUMN audited_ms INTEGER;

-- Before version 4 every finished purge had its entry queued when it finished, and whether it was written cannot
-- be told from here: counting them audited writes no second entry for each on upgrade.
UPDATE purge SET audited_ms = finished_ms WHERE finished_ms IS NOT NULL;

CREATE INDEX purge_unaudited ON purge(id) WHERE audited_ms IS NULL AND finished_ms IS NOT NULL;

-- When the copy was deleted: the entry says when, also when it is written late.
ALTER TABLE export ADD COLUMN expired_ms INTEGER;

ALTER TABLE export ADD COLUMN expiry_audited_ms INTEGER;

-- As for purges; the time of an earlier expiry is not known, so its due time stands in.
UPDATE export SET expiry_audited_ms = expires_ms WHERE state = 'expired';

CREATE INDEX export_expiry_unaudited ON export(id) WHERE state = 'expired' AND expiry_audited_ms IS NULL;
