-- The admin's change lists (issue 14) on big tables: their search is
-- "column ILIKE '%term%'" over every search field (lib/admin/changelist_sql.c),
-- which no b-tree can answer; a trigram GIN index per searched column can
-- (terms of three characters or more; shorter ones scan), as 0007 gave the
-- links theirs. pg_trgm ships in
-- Debian's postgresql-15 and the postgres image, and is a trusted extension:
-- a database owner without superuser may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX transactions_description_trgm_idx ON transactions USING gin (description gin_trgm_ops);
CREATE INDEX transactions_location_trgm_idx ON transactions USING gin (location gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (email gin_trgm_ops);
CREATE INDEX users_first_name_trgm_idx ON users USING gin (first_name gin_trgm_ops);
CREATE INDEX users_last_name_trgm_idx ON users USING gin (last_name gin_trgm_ops);

-- The statement filter with the list's order (date, then id, descending):
-- a page of one statement's rows is read in order and stops after 100,
-- where the plain index had to fetch and sort all of them. Re-import's
-- DELETE by statement uses it as it used the one it replaces.
CREATE INDEX transactions_source_file_date_idx ON transactions (source_file_id, date, id);
DROP INDEX transactions_source_file_idx;
