-- The second statement fails: the first must be undone with it.
CREATE TABLE second (x INTEGER);
INSERT INTO first VALUES (2);
INSERT INTO missing VALUES (3);
