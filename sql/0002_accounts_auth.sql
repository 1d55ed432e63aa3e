-- Refresh tokens that may no longer be used: rotated or logged out
-- (simplejwt's token_blacklist app, reduced to what is checked).
-- Sessions live in Redis (SESSION_COOKIE_AGE TTL), not here.
CREATE TABLE token_blacklist (
    jti            text PRIMARY KEY CHECK (length(jti) BETWEEN 1 AND 255),
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at     timestamptz NOT NULL,
    blacklisted_at timestamptz NOT NULL DEFAULT now()
);
-- Expired entries can be purged by time.
CREATE INDEX token_blacklist_expires_at_idx ON token_blacklist (expires_at);
