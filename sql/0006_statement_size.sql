-- The stored file's size in bytes, which the per-user upload quota adds up
-- (BANKING_MAX_BYTES_PER_USER). Statements uploaded before this migration
-- count as 0 bytes; they still count as files (BANKING_MAX_FILES_PER_USER).
ALTER TABLE statement_files ADD COLUMN size bigint NOT NULL DEFAULT 0 CHECK (size >= 0);
