-- Version 8: camera passwords sealed (AES-256-GCM) with a key kept apart from the index (issue 10 item 12, decision
-- D50). The sealed form goes into its own column; the old plaintext column is emptied by the first start that has
-- the key, in one transaction (SqlCameraStore.sealPlaintext), and stays empty from then on.

ALTER TABLE camera_credential ADD COLUMN password_sealed TEXT;
