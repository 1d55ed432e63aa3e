-- The Hacker News clone (lib/apps/hn): links and the votes users give them.
-- A link's poster is nullable as in the old schema (postedBy: User), but
-- deleting a user deletes what they posted and their votes (ON DELETE
-- CASCADE, as the issue asks and as the old model did): an account that is
-- gone leaves nothing of its own behind, and no anonymous orphan links.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE links (
    id           bigserial PRIMARY KEY,
    url          text NOT NULL,
    description  text NOT NULL DEFAULT '',
    posted_by_id bigint REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- Query.links: newest first (id breaks ties within one transaction).
CREATE INDEX links_newest_idx ON links (created_at DESC, id DESC);
-- User.linkSet loads every parent's links with posted_by_id = ANY($1).
CREATE INDEX links_posted_by_idx ON links (posted_by_id, id);
-- links(search:) is url ILIKE '%s%' OR description ILIKE '%s%': trigram
-- indexes serve a substring match in any case, which a btree on lower()
-- cannot (it only serves a prefix).
CREATE INDEX links_url_trgm_idx ON links USING gin (url gin_trgm_ops);
CREATE INDEX links_description_trgm_idx ON links USING gin (description gin_trgm_ops);

CREATE TABLE votes (
    id      bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    link_id bigint NOT NULL REFERENCES links (id) ON DELETE CASCADE,
    -- One vote per user and link; also serves User.voteSet (user_id = ANY).
    CONSTRAINT votes_user_link_key UNIQUE (user_id, link_id)
);
-- Link.votes loads every parent's votes with link_id = ANY($1).
CREATE INDEX votes_link_idx ON votes (link_id, id);

-- Every change to links, votes or users, whoever makes it, notifies channel
-- hn_changed when it commits: each graphql worker listens and drops the
-- answers it keeps (lib/apps/hn/cache.c), so none is older than a commit.
CREATE FUNCTION hn_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hn_changed', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER links_hn_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON links
    FOR EACH STATEMENT EXECUTE FUNCTION hn_changed();
CREATE TRIGGER votes_hn_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON votes
    FOR EACH STATEMENT EXECUTE FUNCTION hn_changed();
CREATE TRIGGER users_hn_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION hn_changed();
