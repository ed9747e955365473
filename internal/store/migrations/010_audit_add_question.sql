-- Editors may add a handed-off question to a live verified answer from the
-- review queue ("add-question"); the audit trail records it like an
-- approval.
ALTER TABLE console_audit DROP CONSTRAINT console_audit_action_check;
ALTER TABLE console_audit ADD CONSTRAINT console_audit_action_check
    CHECK (action IN ('signin', 'signout', 'approve', 'retire', 'add-question'));
