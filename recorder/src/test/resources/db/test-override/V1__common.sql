-- portable
CREATE TABLE common_only (x BIGINT);
