-- Version 5 as database/index (db/index/V5__storage_binding.sql) made it, bound to the test's storage folder.
CREATE TABLE storage_binding (
  storage_id TEXT PRIMARY KEY,
  bound_ms BIGINT NOT NULL);
INSERT INTO storage_binding VALUES ('8f5c7a52-0b7e-4f1e-9a57-3c2b1d0e9f11', 1000);
PRAGMA user_version=5;
