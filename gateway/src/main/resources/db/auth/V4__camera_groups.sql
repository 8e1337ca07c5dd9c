-- Version 4: camera groups (decision D57). A user's grant on a group is a camera_grant row with camera_id
-- 'group:<group id>'; the group's cameras are its members. A group with grants on it is not removed.

CREATE TABLE camera_group (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_ms BIGINT NOT NULL);

CREATE TABLE camera_group_member (
  group_id TEXT NOT NULL REFERENCES camera_group(id) ON DELETE CASCADE,
  camera_id TEXT NOT NULL,
  PRIMARY KEY (group_id, camera_id));
