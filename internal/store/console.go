package store

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrExists means a record with the same unique name is already stored.
var ErrExists = errors.New("already exists")

// ConsoleUser is an account of the counsellors' console.
type ConsoleUser struct {
	ID           int64
	Name         string
	Role         string // "counsellor" or "editor"
	PasswordHash string // a PHC string, never shown
	Disabled     bool
}

// AddConsoleUser creates an account; ErrExists when the name is taken.
func (db *DB) AddConsoleUser(ctx context.Context, name, role, passwordHash string) (ConsoleUser, error) {
	u := ConsoleUser{Name: name, Role: role, PasswordHash: passwordHash}
	err := db.pool.QueryRow(ctx, `
		INSERT INTO console_users (name, role, password_hash) VALUES ($1, $2, $3)
		RETURNING id`, name, role, passwordHash).Scan(&u.ID)
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return ConsoleUser{}, ErrExists
	}
	return u, wrap("add console user", err)
}

// ResetConsoleUser sets an account's password and role, enables it again
// and ends its sessions; ErrNotFound when there is no such account.
func (db *DB) ResetConsoleUser(ctx context.Context, name, role, passwordHash string) error {
	return db.changeConsoleUser(ctx, "reset console user", `
		UPDATE console_users SET password_hash = $2, role = $3, disabled_at = NULL, updated_at = now()
		WHERE name = $1 RETURNING id`, name, passwordHash, role)
}

// DisableConsoleUser stops an account from signing in and ends its
// sessions; ErrNotFound when there is no such account.
func (db *DB) DisableConsoleUser(ctx context.Context, name string) error {
	return db.changeConsoleUser(ctx, "disable console user", `
		UPDATE console_users SET disabled_at = coalesce(disabled_at, now()), updated_at = now()
		WHERE name = $1 RETURNING id`, name)
}

// changeConsoleUser runs update (which returns the account's id) and
// deletes the account's sessions, in one transaction.
func (db *DB) changeConsoleUser(ctx context.Context, op, update string, args ...any) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		var id int64
		if err := tx.QueryRow(ctx, update, args...).Scan(&id); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM console_sessions WHERE user_id = $1`, id)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return wrap(op, err)
}

// ConsoleUserByName returns an account, disabled or not; ErrNotFound when
// there is none.
func (db *DB) ConsoleUserByName(ctx context.Context, name string) (ConsoleUser, error) {
	var u ConsoleUser
	err := db.pool.QueryRow(ctx, `
		SELECT id, name, role, password_hash, disabled_at IS NOT NULL
		FROM console_users WHERE name = $1`, name).
		Scan(&u.ID, &u.Name, &u.Role, &u.PasswordHash, &u.Disabled)
	if errors.Is(err, pgx.ErrNoRows) {
		return ConsoleUser{}, ErrNotFound
	}
	return u, wrap("read console user", err)
}

// ConsoleAudit is one line of the console's audit trail.
type ConsoleAudit struct {
	UserID   int64
	UserName string
	Action   string // signin, signout, approve, retire, add-question
	Subject  string // what was approved or retired; "" for sign-ins
	Address  string // the client's address (or IPv6 /64)
}

func insertAudit(ctx context.Context, tx pgx.Tx, a ConsoleAudit) error {
	_, err := tx.Exec(ctx, `
		INSERT INTO console_audit (user_id, user_name, action, subject, address)
		VALUES ($1, $2, $3, $4, $5)`, a.UserID, a.UserName, a.Action, a.Subject, a.Address)
	return err
}

// StartConsoleSession stores a session (by the hash of its id) for the
// user and writes the sign-in to the audit trail, in one transaction.
func (db *DB) StartConsoleSession(ctx context.Context, idHash []byte, u ConsoleUser, address string) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO console_sessions (id_hash, user_id) VALUES ($1, $2)`, idHash, u.ID); err != nil {
			return err
		}
		return insertAudit(ctx, tx, ConsoleAudit{UserID: u.ID, UserName: u.Name, Action: "signin", Address: address})
	})
	return wrap("start console session", err)
}

// TouchConsoleSession returns the user of a live session and marks it
// seen now. A session is live when it was seen within idle, started
// within maxAge, and its account is not disabled; otherwise the answer is
// ErrNotFound (and an expired session is deleted).
func (db *DB) TouchConsoleSession(ctx context.Context, idHash []byte, idle, maxAge time.Duration, now time.Time) (ConsoleUser, error) {
	var u ConsoleUser
	err := db.pool.QueryRow(ctx, `
		UPDATE console_sessions s SET last_seen = $2
		FROM console_users u
		WHERE s.id_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
		  AND s.last_seen > $3 AND s.created_at > $4
		RETURNING u.id, u.name, u.role`, idHash, now, now.Add(-idle), now.Add(-maxAge)).
		Scan(&u.ID, &u.Name, &u.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		_, err = db.pool.Exec(ctx, `DELETE FROM console_sessions WHERE id_hash = $1`, idHash)
		if err != nil {
			return ConsoleUser{}, wrap("delete expired console session", err)
		}
		return ConsoleUser{}, ErrNotFound
	}
	return u, wrap("touch console session", err)
}

// EndConsoleSession deletes a session and writes the sign-out to the
// audit trail; nothing is written when the session does not exist.
func (db *DB) EndConsoleSession(ctx context.Context, idHash []byte, address string) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		var u ConsoleUser
		err := tx.QueryRow(ctx, `
			DELETE FROM console_sessions s USING console_users u
			WHERE s.id_hash = $1 AND u.id = s.user_id RETURNING u.id, u.name`, idHash).Scan(&u.ID, &u.Name)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return insertAudit(ctx, tx, ConsoleAudit{UserID: u.ID, UserName: u.Name, Action: "signout", Address: address})
	})
	return wrap("end console session", err)
}

// AuditConsole writes one line of the audit trail (an editor's approval
// or retirement).
func (db *DB) AuditConsole(ctx context.Context, a ConsoleAudit) error {
	return wrap("audit console", db.Transact(ctx, func(tx pgx.Tx) error { return insertAudit(ctx, tx, a) }))
}

// ConsoleFeedback is a counsellor's verdict on a suggestion shown by the
// console.
type ConsoleFeedback struct {
	UserID   int64
	Outcome  string // "used"
	Lang     string // the language of the answer used: "vi" or "en"
	Question string // personal numbers already masked
	Sources  []string
}

// SaveConsoleFeedback stores f.
func (db *DB) SaveConsoleFeedback(ctx context.Context, f ConsoleFeedback) error {
	if f.Sources == nil {
		f.Sources = []string{}
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO console_feedback (user_id, outcome, lang, question, sources) VALUES ($1, $2, $3, $4, $5)`,
		f.UserID, f.Outcome, f.Lang, f.Question, f.Sources)
	return wrap("save console feedback", err)
}

// ForgetConsoleBefore deletes sessions last seen before idleBefore and
// console feedback (question texts) created before textsBefore.
func (db *DB) ForgetConsoleBefore(ctx context.Context, idleBefore, textsBefore time.Time) error {
	err := db.Transact(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM console_sessions WHERE last_seen < $1`, idleBefore); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM console_feedback WHERE created_at < $1`, textsBefore)
		return err
	})
	return wrap("forget console sessions and texts", err)
}
