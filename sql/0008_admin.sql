-- The admin (issue 14): its log of what staff added, changed and deleted,
-- as Django's django_admin_log, and the social accounts the admin lists.

-- One row per add / change / delete made in the admin, newest first on
-- /admin/log/ and per object on its history page. The user may be deleted
-- later: the entry stays, unattributed (Django keeps it too, by CASCADE it
-- would not). change_message is Django's JSON list: [{"added": {}}],
-- [{"changed": {"fields": ["Email address"]}}], [{"deleted": {}}].
CREATE TABLE admin_log (
    id             bigserial PRIMARY KEY,
    action_time    timestamptz NOT NULL DEFAULT now(),
    user_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    app            text NOT NULL,
    model          text NOT NULL,
    object_id      text NOT NULL,
    object_repr    text NOT NULL CHECK (char_length(object_repr) <= 200),
    action_flag    smallint NOT NULL CHECK (action_flag IN (1, 2, 3)),
    change_message jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX admin_log_newest_idx ON admin_log (action_time DESC, id DESC);
CREATE INDEX admin_log_object_idx ON admin_log (app, model, object_id, action_time DESC);
CREATE INDEX admin_log_user_idx ON admin_log (user_id);

-- Accounts a user signed in with at a provider, as python-social-auth's
-- UserSocialAuth: one per provider and provider-side id. Social login
-- (lib/apps/accounts/social_login.c) matches users by verified email and
-- does not need it; the admin shows and removes these rows.
CREATE TABLE social_accounts (
    id         bigserial PRIMARY KEY,
    provider   text NOT NULL CHECK (provider <> ''),
    uid        text NOT NULL CHECK (uid <> ''),
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    extra_data jsonb NOT NULL DEFAULT '{}',
    created    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, uid)
);
CREATE INDEX social_accounts_user_idx ON social_accounts (user_id);
