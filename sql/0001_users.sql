-- Users, as Django's custom user model had them (accounts app).
-- email is unique ignoring case and stored as given.
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    password      text NOT NULL,
    first_name    text NOT NULL DEFAULT '' CHECK (length(first_name) <= 150),
    last_name     text NOT NULL DEFAULT '' CHECK (length(last_name) <= 150),
    is_active     boolean NOT NULL DEFAULT true,
    is_staff      boolean NOT NULL DEFAULT false,
    is_superuser  boolean NOT NULL DEFAULT false,
    date_joined   timestamptz NOT NULL DEFAULT now(),
    last_login    timestamptz
);
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
