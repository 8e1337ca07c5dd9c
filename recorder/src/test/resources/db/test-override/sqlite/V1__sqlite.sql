-- SQLite replaces the common step
CREATE TABLE dialect_own (x INTEGER);
