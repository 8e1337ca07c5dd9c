-- Version 12: each node's capacity by its own measure (D91), next to the configured one. How many cameras the node
-- can record within its CPU budget: those running plus what fits in the room left at their measured cost; null while
-- it has no measure: it is then held to its configured capacity only.

ALTER TABLE cluster_node ADD COLUMN measured_capacity INTEGER;
