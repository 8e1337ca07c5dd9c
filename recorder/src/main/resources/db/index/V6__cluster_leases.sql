-- Version 6: the cluster (D72). Each camera is recorded by one node at a time under a lease with a fencing token;
-- every segment row names the node that holds its file and the token it was written under. The embedded gateway
-- leaves node_id and lease_token null and never reads these tables.

ALTER TABLE segment ADD COLUMN node_id TEXT;

ALTER TABLE segment ADD COLUMN lease_token BIGINT;

CREATE INDEX segment_node_incomplete ON segment(node_id) WHERE complete = 0;

-- Retention runs per node, on its own storage: a node finishes only its own interrupted purges, and makes, fails
-- and expires only the export copies in its own storage folder.
ALTER TABLE purge ADD COLUMN node_id TEXT;

ALTER TABLE export ADD COLUMN node_id TEXT;

CREATE TABLE camera_lease (
  camera_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL,             -- the holding node's incarnation (node id + a random id per process start)
  node_id TEXT NOT NULL,
  token BIGINT NOT NULL,            -- grows by one at every change of holder: the fencing token
  expires_ms BIGINT NOT NULL,       -- by the database server's clock
  acquired_ms BIGINT NOT NULL);

CREATE TABLE cluster_node (
  node_id TEXT PRIMARY KEY,
  incarnation TEXT NOT NULL,
  address TEXT,                     -- where the other nodes reach its footage (node-to-node HTTP)
  capacity INTEGER NOT NULL,        -- cameras it can take; 0 while it is leaving
  heartbeat_ms BIGINT NOT NULL,     -- by the database server's clock
  started_ms BIGINT NOT NULL);
