-- Version 11: each node's capacity by its own measure (D91), next to the configured one. How many cameras the node
-- can record within its CPU budget at the mean cost its running cameras measure (those running plus what fits in the
-- room left); null while it has measured none: it is then held to its configured capacity only.

ALTER TABLE cluster_node ADD COLUMN measured_capacity INTEGER;
