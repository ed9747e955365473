package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		data, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// LatestSchema is the schema version this binary needs.
func LatestSchema() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

const migrateLockKey = 7_060_2011 // any constant shared by every replica

// Migrate applies the embedded migrations that the database has not seen,
// in order, each in its own transaction, recorded in schema_migrations. A
// lock makes concurrent replicas wait for each other. It returns the
// versions it applied.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	ms, err := migrations()
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return nil, wrap("migrate", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrateLockKey); err != nil {
		return nil, wrap("migrate: lock", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLockKey) //nolint:errcheck // released with the session anyway
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    int PRIMARY KEY,
		name       text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, wrap("migrate: create schema_migrations", err)
	}
	current, err := schemaVersion(ctx, conn.Conn())
	if err != nil {
		return nil, err
	}
	if latest := ms[len(ms)-1].version; current > latest {
		return nil, fmt.Errorf("migrate: the database schema is version %d but this binary knows only up to %d: run a newer binary", current, latest)
	}
	var applied []int
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.version, m.name)
			return err
		})
		if err != nil {
			return applied, wrap("migrate "+m.name, err)
		}
		applied = append(applied, m.version)
	}
	if len(applied) > 0 {
		// New types (vector) may have been created: make pooled connections
		// register them afresh.
		db.pool.Reset()
	}
	return applied, nil
}

// ErrSchemaOld means the database needs `assistant migrate`.
var ErrSchemaOld = errors.New("database schema is older than this binary: run 'assistant migrate'")

// CheckSchema returns ErrSchemaOld when migrations are missing.
func (db *DB) CheckSchema(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return wrap("check schema", err)
	}
	defer conn.Release()
	v, err := schemaVersion(ctx, conn.Conn())
	if err != nil {
		return err
	}
	if v < LatestSchema() {
		return ErrSchemaOld
	}
	return nil
}

func schemaVersion(ctx context.Context, conn *pgx.Conn) (int, error) {
	var v int
	err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	if err != nil {
		var missing bool
		if e := conn.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NULL`).Scan(&missing); e == nil && missing {
			return 0, nil
		}
		return 0, wrap("schema version", err)
	}
	return v, nil
}
