package testdb

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Template is a database prepared once and copied for each test that needs
// it (CREATE DATABASE … TEMPLATE …), instead of every test migrating and
// indexing its own.
type Template struct {
	// Name tells templates apart: "kb" for the indexed knowledge base.
	Name string
	// Hash, in hex (12 digits at least), covers everything the prepared content depends on (schema,
	// data, the code that writes them): a new hash makes a new template,
	// and templates of this Name with another hash are dropped.
	Hash string
	// Prepare fills the empty database at url and closes every connection
	// it opened before returning.
	Prepare func(ctx context.Context, url string) error
}

// prefix is <server database>_tpl_<name>_, shared by every version of the
// template; the database is prefix + the first 12 characters of Hash.
func (t Template) prefix() string {
	return serverDB() + "_tpl_" + strings.Trim(nameRE.ReplaceAllString(strings.ToLower(t.Name), "_"), "_") + "_"
}

func (t Template) database() string {
	h := nameRE.ReplaceAllString(strings.ToLower(t.Hash), "_")
	return t.prefix() + h[:min(12, len(h))]
}

// Clone drops and creates the test database <server database>_test_<name>
// as a copy of tmpl and returns its URL, building the template first when
// none exists with tmpl.Hash. Packages whose tests run at once (go test
// runs packages in parallel) take turns through a PostgreSQL advisory lock,
// so a template is built once and never copied while it is being built or
// dropped. A failure fails the test; a missing server skips it (fails it
// when CI is set), as New does.
func Clone(tb testing.TB, name string, tmpl Template) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn := admin(tb, ctx)
	defer conn.Close(context.WithoutCancel(ctx))
	tpl, db := tmpl.database(), dbName(name)
	err := withLock(ctx, conn, "testdb template "+tmpl.prefix(), func() error {
		if err := ensureTemplate(ctx, conn, tb, tmpl, tpl); err != nil {
			return err
		}
		return exec(ctx, conn,
			`DROP DATABASE IF EXISTS %s WITH (FORCE)`, db,
			`CREATE DATABASE %s TEMPLATE `+pgx.Identifier{tpl}.Sanitize(), db)
	})
	if err != nil {
		tb.Fatalf("test database %s from template %s: %v", db, tpl, err)
	}
	return urlFor(tb, db)
}

// ensureTemplate builds tpl unless it exists: into tpl_build, renamed when
// Prepare succeeded, so that a template that exists is complete. Older
// templates of the same name are dropped.
func ensureTemplate(ctx context.Context, conn *pgx.Conn, tb testing.TB, tmpl Template, tpl string) error {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, tpl).Scan(&exists); err != nil {
		return fmt.Errorf("look up template: %w", err)
	}
	if exists {
		return nil
	}
	stale, err := staleTemplates(ctx, conn, tmpl.prefix(), tpl)
	if err != nil {
		return err
	}
	build := tpl + "_build"
	for _, db := range stale {
		if err := exec(ctx, conn, `DROP DATABASE IF EXISTS %s WITH (FORCE)`, db); err != nil {
			return err
		}
	}
	if err := exec(ctx, conn, `CREATE DATABASE %s`, build); err != nil {
		return err
	}
	if err := tmpl.Prepare(ctx, urlFor(tb, build)); err != nil {
		return fmt.Errorf("prepare template: %w", err)
	}
	return exec(ctx, conn, `ALTER DATABASE %s RENAME TO `+pgx.Identifier{tpl}.Sanitize(), build)
}

// staleTemplates are the databases named prefix… other than tpl: older
// versions of the template, or a build left by a crash.
func staleTemplates(ctx context.Context, conn *pgx.Conn, prefix, tpl string) ([]string, error) {
	rows, _ := conn.Query(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2`, prefix, tpl)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list old templates: %w", err)
	}
	version := regexp.MustCompile(`^` + regexp.QuoteMeta(prefix) + `[0-9a-f]{12}(_build)?$`)
	var stale []string
	for _, n := range names {
		if n != tpl && version.MatchString(n) {
			stale = append(stale, n)
		}
	}
	return stale, nil
}

// withLock runs fn holding the session-level advisory lock named key.
func withLock(ctx context.Context, conn *pgx.Conn, key string, fn func() error) error {
	sum := sha256.Sum256([]byte(key))
	id := int64(binary.BigEndian.Uint64(sum[:8]))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, id); err != nil {
		return fmt.Errorf("advisory lock: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, id) }()
	return fn()
}

// exec runs statements given as pairs of a format with one %s and the
// database name that fills it (quoted as an identifier).
func exec(ctx context.Context, conn *pgx.Conn, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		stmt := fmt.Sprintf(pairs[i], pgx.Identifier{pairs[i+1]}.Sanitize())
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}
