-- Credit-card statements and their transactions (banking app). Unlike the
-- Django original, every row has an owner: users see only their own.
CREATE TABLE statement_files (
    id             bigserial PRIMARY KEY,
    owner_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    statement_file text NOT NULL,          -- path under MEDIA_ROOT, never the client's name
    month          date NOT NULL,
    status         text NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'processing', 'done', 'failed')),
    rows           integer NOT NULL DEFAULT 0,
    errors         jsonb NOT NULL DEFAULT '[]',
    uploaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statement_files_owner_idx ON statement_files (owner_id, uploaded_at DESC, id DESC);

CREATE TABLE transactions (
    id             bigserial PRIMARY KEY,
    source_file_id bigint NOT NULL REFERENCES statement_files (id) ON DELETE CASCADE,
    owner_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    date           date NOT NULL,
    description    text NOT NULL,
    location       text NOT NULL DEFAULT '',
    amount         numeric(12, 2) NOT NULL
);
-- The list (by owner, ordered by date then id, date filters), re-import
-- (by file), spend (owner + date range) and export all use these.
CREATE INDEX transactions_owner_date_idx ON transactions (owner_id, date, id);
CREATE INDEX transactions_source_file_idx ON transactions (source_file_id);
-- Staff list everyone's rows in the same order.
CREATE INDEX transactions_date_idx ON transactions (date, id);
