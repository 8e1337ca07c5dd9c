-- Version 7: the legal regime footage was recorded under travels with it (issue 10 item 3, decision D47). A later
-- change of the camera's regime does not change who may see older footage. New segments take the regime their
-- camera has when the segment is opened; existing ones take their camera's current regime, or the one a removed
-- camera last had. What is still unknown stays null and counts as the strictest (police only).

ALTER TABLE segment ADD COLUMN legal_regime TEXT;

UPDATE segment SET legal_regime = (SELECT c.legal_regime FROM camera c WHERE c.id = segment.camera_id);

UPDATE segment SET legal_regime = (SELECT r.legal_regime FROM camera_retention r WHERE r.camera_id = segment.camera_id)
  WHERE legal_regime IS NULL;
