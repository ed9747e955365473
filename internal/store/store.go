// Package store keeps the index and everything the service remembers in
// PostgreSQL with pgvector, through pgx. All SQL of the service lives here.
package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	pgxvec "github.com/pgvector/pgvector-go/pgx"
)

// ErrUnavailable wraps errors that mean the database cannot be reached or
// is shutting down: the caller may retry later.
var ErrUnavailable = errors.New("database unavailable")

const connectTimeout = 5 * time.Second

// DB is the service's database.
type DB struct {
	pool *pgxpool.Pool
}

// Open creates a connection pool for url. It does not wait for the server:
// connections are made when needed, so a service can start before its
// database and recover when the database comes back.
func Open(ctx context.Context, url string, maxConns int32) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message can include the URL; never echo it.
		return nil, errors.New("open database: DATABASE_URL is not a valid PostgreSQL URL")
	}
	if maxConns > 0 {
		cfg.MaxConns = maxConns
	}
	cfg.ConnConfig.ConnectTimeout = connectTimeout
	// The service runs a few statements over and over, with parameters
	// that do not change which index fits: planning them once (generic
	// plans) saves a millisecond or two per question.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		if err := pgxvec.RegisterTypes(ctx, conn); err != nil {
			return fmt.Errorf("register pgvector types (run 'assistant migrate'): %w", err)
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes every connection. Call it last at shutdown.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return wrap("ping", db.pool.Ping(ctx))
}

// Transact runs fn in a transaction, committing when fn returns nil and
// rolling back when it returns an error or panics.
func (db *DB) Transact(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, db.pool, fn)
}

// lazyBatch returns a batch whose transaction commits without waiting for
// the server to flush it to disk (synchronous_commit off for that
// transaction alone): the flush costs every question about a millisecond,
// and several at p95 on a busy disk. It is for what a question writes as
// a side effect, whose loss costs little: conversation turns and the
// unanswered-question log. A crash of the database server (not of this
// process) can lose the last fraction of a second of them, never half of
// a transaction; a lost conversation is then unknown, as if it had
// expired.
func lazyBatch() *pgx.Batch {
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('synchronous_commit', 'off', true)`)
	return b
}

// wrap annotates err with op, marking connection-class errors with
// ErrUnavailable. It returns nil for nil.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if unavailable(err) {
		return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func unavailable(err error) bool {
	if errors.Is(err, context.Canceled) {
		return false
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code[:2] {
		case "08", "57", "53": // connection exception, operator intervention, insufficient resources
			return true
		}
		return false
	}
	// A connection cut mid-query surfaces as an unexpected EOF.
	var netErr net.Error
	return errors.As(err, &netErr) || pgconn.SafeToRetry(err) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// WithLock runs fn while holding the PostgreSQL advisory lock key, waiting
// for another holder (another replica) to finish first.
func (db *DB) WithLock(ctx context.Context, key int64, fn func() error) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return wrap("lock", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return wrap("lock", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key) //nolint:errcheck // released with the session anyway
	return fn()
}

// Pool exposes the connection pool to tests in other packages that check
// what was stored.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }
