-- A change to a user row, whoever makes it (the api, worker-ctl, the admin,
-- psql), notifies channel users_changed with the user's id when it commits.
-- Each api worker listens and drops its cached copy of that user at once,
-- so a deactivated user's tokens stop working on the next request.
CREATE FUNCTION users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('users_changed', '');
    ELSE
        PERFORM pg_notify('users_changed', OLD.id::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER users_changed_row
    AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION users_changed();
CREATE TRIGGER users_changed_truncate
    AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION users_changed();
