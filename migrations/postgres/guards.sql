-- invmap's guards on a server: what no role may do to history or to the two-person rule, even
-- by SQL of its own. Run after the schema, and again by `invmap init` when one is missing or
-- disabled (every statement here may run twice). The store's owner (who ran `init` and
-- `copy`) is trusted; the roles of `init --roles` are held to these rules.

-- The session's role owns invmap's tables (or is a superuser): it may load a whole store.
CREATE OR REPLACE FUNCTION invmap_trusted() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(session_user,
                       (SELECT relowner FROM pg_class WHERE oid = 'audit_log'::regclass), 'MEMBER')
$$;

-- History is append-only: UPDATE and DELETE are refused for every role (and the roles are not
-- even granted them).
CREATE OR REPLACE FUNCTION invmap_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: entries cannot be %', TG_TABLE_NAME,
        CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END;
END $$;

-- Entries come one after the other: the entries a statement adds take the ids right after the
-- last one, without a gap (no entry slipped in at an id of its choosing to stop or fork the
-- chain), in the name of the role that connects. Checked once per statement over what it
-- added: a batch's hundred thousand entries cost one look, not one each.
CREATE OR REPLACE FUNCTION invmap_audit_in_order() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lo bigint; hi bigint; n bigint;
BEGIN
    SELECT min(id), max(id), count(*) INTO lo, hi, n FROM added;
    IF n > 0 AND (hi - lo + 1 <> n
                  OR lo <> (SELECT coalesce(max(id), 0) + 1 FROM audit_log WHERE id < lo)
                  OR EXISTS (SELECT 1 FROM audit_log WHERE id > hi)) THEN
        RAISE EXCEPTION 'audit_log entries come in id order: % to % are not the next ids', lo, hi;
    END IF;
    IF NOT invmap_trusted() AND EXISTS (SELECT 1 FROM added WHERE operator <> session_user::text) THEN
        RAISE EXCEPTION 'audit entries are written in the name of the role that connects (%)',
            session_user;
    END IF;
    RETURN NULL;
END $$;

-- The rows a statement adds to change_items or audit_log belong to a change written in the
-- same transaction (or, an entry, to none): finished history is never added to. Checked once
-- per statement over what it added, where a foreign key would look each row up.
CREATE OR REPLACE FUNCTION invmap_of_a_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE stray bigint;
BEGIN
    SELECT a.change_id INTO stray FROM (SELECT DISTINCT change_id FROM added) a
    WHERE a.change_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = a.change_id
                      AND (c.xmin = pg_current_xact_id()::xid OR invmap_trusted()))
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% rows belong to the change this transaction makes: change % is not it',
            TG_TABLE_NAME, stray;
    END IF;
    RETURN NULL;
END $$;

-- A change is written when it starts, in the name of the role that connects, and finished
-- once, at its end, by the same transaction, with its size and summary; from then on it is
-- history. A change that never finished, with nothing written for it, may go (it touched
-- nothing).
CREATE OR REPLACE FUNCTION invmap_change_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT invmap_trusted() AND NEW.operator IS DISTINCT FROM session_user::text THEN
            RAISE EXCEPTION 'a change is made in the name of the role that connects (%)', session_user;
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.pairs <> 0 OR OLD.summary <> '{}'
       OR (NOT invmap_trusted()
           AND (SELECT xmin FROM changes WHERE id = OLD.id) <> pg_current_xact_id()::xid) THEN
        RAISE EXCEPTION 'change % is history: it cannot be %', OLD.id,
            CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM change_items WHERE change_id = OLD.id)
           OR EXISTS (SELECT 1 FROM audit_log WHERE change_id = OLD.id) THEN
            RAISE EXCEPTION 'change % has history: it cannot be deleted', OLD.id;
        END IF;
        RETURN OLD;
    END IF;
    IF (NEW.id, NEW.kind, NEW.operator, NEW.reason, NEW.ticket, NEW.source_file,
        NEW.source_sha256, NEW.command_line, NEW.created_at, NEW.rolls_back, NEW.plan_id,
        NEW.approved_by, NEW.override_reason)
       IS DISTINCT FROM
       (OLD.id, OLD.kind, OLD.operator, OLD.reason, OLD.ticket, OLD.source_file,
        OLD.source_sha256, OLD.command_line, OLD.created_at, OLD.rolls_back, OLD.plan_id,
        OLD.approved_by, OLD.override_reason) THEN
        RAISE EXCEPTION 'change %: only its size and summary are written when it finishes', OLD.id;
    END IF;
    RETURN NEW;
END $$;

-- A change commits finished (or not at all): an unfinished row left behind would count as an
-- undo of the change it names, or block one.
CREATE OR REPLACE FUNCTION invmap_change_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT invmap_trusted()
       AND EXISTS (SELECT 1 FROM changes WHERE id = NEW.id AND pairs = 0 AND summary = '{}') THEN
        RAISE EXCEPTION 'change % was never finished: a change commits whole or not at all', NEW.id;
    END IF;
    RETURN NULL;
END $$;

-- The two-person rule, held by the server too: a plan starts pending (a timed unbind, or a
-- later stage, scheduled), undecided, in the name of the role that connects; what it is never
-- changes; an approval is given by the role that connects — a member of invmap_approver where
-- the roles exist — never by the plan's creator; only an approved plan is scheduled or applied.
CREATE OR REPLACE FUNCTION invmap_plan_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NOT invmap_trusted() THEN
            IF NEW.status NOT IN ('pending', 'scheduled') OR NEW.approver IS NOT NULL
               OR NEW.approved_at IS NOT NULL OR NEW.rejected_by IS NOT NULL
               OR NEW.applied_change IS NOT NULL THEN
                RAISE EXCEPTION 'a plan starts pending (or scheduled) and undecided';
            END IF;
            IF NEW.creator IS DISTINCT FROM session_user::text THEN
                RAISE EXCEPTION 'a plan is created in the name of the role that connects (%)',
                    session_user;
            END IF;
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.id <> OLD.id OR NEW.creator IS DISTINCT FROM OLD.creator
       OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.reason IS DISTINCT FROM OLD.reason
       OR NEW.ticket IS DISTINCT FROM OLD.ticket OR NEW.options IS DISTINCT FROM OLD.options
       OR NEW.source_file IS DISTINCT FROM OLD.source_file
       OR NEW.source_sha256 IS DISTINCT FROM OLD.source_sha256
       OR NEW.pairs IS DISTINCT FROM OLD.pairs THEN
        RAISE EXCEPTION 'a plan''s creator and contents cannot be changed';
    END IF;
    IF NEW.status IN ('scheduled', 'applied') AND NEW.status <> OLD.status
       AND OLD.status NOT IN ('approved', 'scheduled') AND NOT invmap_trusted() THEN
        RAISE EXCEPTION 'plan % is %: only an approved plan is scheduled or applied', OLD.id, OLD.status;
    END IF;
    IF NEW.status = 'approved' AND (OLD.status <> 'approved'
                                    OR NEW.approver IS DISTINCT FROM OLD.approver
                                    OR NEW.approved_at IS DISTINCT FROM OLD.approved_at) THEN
        IF NEW.approver IS DISTINCT FROM session_user::text THEN
            RAISE EXCEPTION 'a plan is approved by the role that connects (%), not in another''s name',
                session_user;
        END IF;
        IF lower(NEW.approver) = lower(NEW.creator) THEN
            RAISE EXCEPTION 'two-person review: % created plan % and cannot approve it', NEW.creator, NEW.id;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'invmap_approver')
           AND NOT pg_has_role(session_user, 'invmap_approver', 'MEMBER') THEN
            RAISE EXCEPTION 'only a member of invmap_approver approves plans';
        END IF;
    END IF;
    RETURN NEW;
END $$;

-- A plan's pairs and stages are written with the plan, in its transaction, never added to
-- a plan afterwards (an approved plan is what was approved).
CREATE OR REPLACE FUNCTION invmap_with_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT invmap_trusted() AND EXISTS (
        SELECT 1 FROM (SELECT DISTINCT plan_id FROM added) a
        WHERE NOT EXISTS (SELECT 1 FROM plans p
                          WHERE p.id = a.plan_id AND p.xmin = pg_current_xact_id()::xid)) THEN
        RAISE EXCEPTION '% are written with their plan, never added to a plan afterwards',
            TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION invmap_append_only();
DROP TRIGGER IF EXISTS audit_log_no_delete ON audit_log;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION invmap_append_only();
DROP TRIGGER IF EXISTS change_items_no_update ON change_items;
CREATE TRIGGER change_items_no_update BEFORE UPDATE ON change_items
    FOR EACH ROW EXECUTE FUNCTION invmap_append_only();
DROP TRIGGER IF EXISTS change_items_no_delete ON change_items;
CREATE TRIGGER change_items_no_delete BEFORE DELETE ON change_items
    FOR EACH ROW EXECUTE FUNCTION invmap_append_only();
DROP TRIGGER IF EXISTS audit_log_in_order ON audit_log;
CREATE TRIGGER audit_log_in_order AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invmap_audit_in_order();
DROP TRIGGER IF EXISTS change_items_of_a_change ON change_items;
CREATE TRIGGER change_items_of_a_change AFTER INSERT ON change_items
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invmap_of_a_change();
DROP TRIGGER IF EXISTS audit_log_of_a_change ON audit_log;
CREATE TRIGGER audit_log_of_a_change AFTER INSERT ON audit_log
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invmap_of_a_change();
DROP TRIGGER IF EXISTS changes_guard ON changes;
CREATE TRIGGER changes_guard BEFORE INSERT OR UPDATE OR DELETE ON changes
    FOR EACH ROW EXECUTE FUNCTION invmap_change_guard();
DROP TRIGGER IF EXISTS changes_finished ON changes;
CREATE CONSTRAINT TRIGGER changes_finished AFTER INSERT ON changes
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invmap_change_finished();
DROP TRIGGER IF EXISTS plans_guard ON plans;
CREATE TRIGGER plans_guard BEFORE INSERT OR UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION invmap_plan_guard();
DROP TRIGGER IF EXISTS plan_pairs_with_plan ON plan_pairs;
CREATE TRIGGER plan_pairs_with_plan AFTER INSERT ON plan_pairs
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invmap_with_plan();
DROP TRIGGER IF EXISTS plan_stages_with_plan ON plan_stages;
CREATE TRIGGER plan_stages_with_plan AFTER INSERT ON plan_stages
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION invmap_with_plan();

-- Tables are looked up in invmap's schema, never first in a session's temporary schema: a
-- temporary table named like one of them must not stand in for it.
DO $$
DECLARE f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['invmap_trusted()', 'invmap_append_only()', 'invmap_audit_in_order()',
                             'invmap_of_a_change()', 'invmap_change_guard()',
                             'invmap_change_finished()', 'invmap_plan_guard()', 'invmap_with_plan()']
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I, pg_temp', f,
                       current_schema());
    END LOOP;
END $$;
