// Package testdb gives tests their own PostgreSQL database on the server
// at TEST_DATABASE_URL (default: the one scripts/dev-db starts). Without a
// reachable server the test is skipped with a message saying how to start
// one, except when CI is set: there a missing database fails the run.
package testdb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cantho-connect/assistant/internal/config"
)

var nameRE = regexp.MustCompile(`[^a-z0-9_]+`)

// ServerURL is the URL of the test server's default database.
func ServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return config.DefaultDatabaseURL
}

// admin connects to the test server as the test role, or skips (fails in
// CI) when there is none.
func admin(tb testing.TB, ctx context.Context) *pgx.Conn {
	tb.Helper()
	conn, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		msg := fmt.Sprintf("no PostgreSQL at TEST_DATABASE_URL (start one with scripts/dev-db): %v", redact(err))
		if os.Getenv("CI") != "" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return conn
}

// dbName is <server database>_test_<name>: with the default URL,
// assistant_test_<name>. Two checkouts whose TEST_DATABASE_URL name
// different databases on one server get test databases of their own.
func dbName(name string) string {
	return serverDB() + "_test_" + strings.Trim(nameRE.ReplaceAllString(strings.ToLower(name), "_"), "_")
}

// serverDB is TEST_DATABASE_URL's database name, made safe for an
// identifier ("assistant" when it has none).
func serverDB() string {
	if u, err := url.Parse(ServerURL()); err == nil {
		if p := nameRE.ReplaceAllString(strings.ToLower(strings.TrimPrefix(u.Path, "/")), "_"); p != "" {
			return p
		}
	}
	return "assistant"
}

func urlFor(tb testing.TB, db string) string {
	tb.Helper()
	u, err := url.Parse(ServerURL())
	if err != nil {
		tb.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + db
	return u.String()
}

// New drops and creates the database assistant_test_<name> and returns its
// URL. The database is left behind after the test for inspection; the next
// run replaces it.
func New(tb testing.TB, name string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := admin(tb, ctx)
	defer conn.Close(context.WithoutCancel(ctx))
	db := dbName(name)
	for _, stmt := range []string{
		fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, pgx.Identifier{db}.Sanitize()),
		fmt.Sprintf(`CREATE DATABASE %s`, pgx.Identifier{db}.Sanitize()),
	} {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			tb.Fatalf("test database %s: %v", db, err)
		}
	}
	return urlFor(tb, db)
}

func redact(err error) string {
	return regexp.MustCompile(`://[^@/]*@`).ReplaceAllString(err.Error(), "://…@")
}

// Reuse returns the URL of database assistant_test_<name>, creating it
// only when it does not exist: for benchmarks whose data takes minutes to
// build. The caller checks what is in it.
func Reuse(tb testing.TB, name string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := admin(tb, ctx)
	defer conn.Close(context.WithoutCancel(ctx))
	db := dbName(name)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT FROM pg_database WHERE datname = $1)`, db).Scan(&exists); err != nil {
		tb.Fatal(err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, fmt.Sprintf(`CREATE DATABASE %s`, pgx.Identifier{db}.Sanitize())); err != nil {
			tb.Fatalf("test database %s: %v", db, err)
		}
	}
	return urlFor(tb, db)
}
