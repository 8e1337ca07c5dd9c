-- Version 2: the storage folder this database belongs to (the UUID in <storage>/storage.id), written at the first
-- start with it. A database bound to another folder is refused (docs/index-schema.md, "Storage identity").

CREATE TABLE storage_binding (
  storage_id TEXT PRIMARY KEY,
  bound_ms BIGINT NOT NULL);
