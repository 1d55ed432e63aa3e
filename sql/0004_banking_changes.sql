-- Every change to statements or transactions, whoever makes it (the
-- importer, the admin, psql), notifies channel banking_changed when its
-- transaction commits. The api program listens and drops the transaction
-- lists it keeps in memory, so a cached page is never older than a commit.
CREATE FUNCTION banking_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('banking_changed', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER statement_files_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON statement_files
    FOR EACH STATEMENT EXECUTE FUNCTION banking_changed();
CREATE TRIGGER transactions_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transactions
    FOR EACH STATEMENT EXECUTE FUNCTION banking_changed();
