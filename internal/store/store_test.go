package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/cantho-connect/assistant/internal/testdb"
)

func TestMigrateOnceAndCheckSchema(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testdb.New(t, "store_migrate"), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckSchema(ctx); !errors.Is(err, ErrSchemaOld) {
		t.Errorf("CheckSchema on an empty database = %v, want ErrSchemaOld", err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var want []int // the embedded versions, which may skip a number another branch holds
	for _, m := range ms {
		want = append(want, m.version)
	}
	applied, err := db.Migrate(ctx)
	if err != nil || !slices.Equal(applied, want) || applied[len(applied)-1] != LatestSchema() {
		t.Fatalf("first Migrate = %v, %v; want %v", applied, err, want)
	}
	applied, err = db.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Migrate = %v, %v; want nothing applied", applied, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Errorf("CheckSchema after Migrate = %v", err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err == nil {
		t.Error("Migrate on a schema newer than the binary must refuse")
	}
}

func TestUnreachableDatabaseIsUnavailable(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Ping(ctx)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("Ping = %v, want ErrUnavailable", err)
	}
	if _, err := Open(ctx, "postgres://u:secret@host:notaport/x", 1); err == nil || contains(err.Error(), "secret") {
		t.Errorf("bad URL: err = %v; want an error that does not echo the URL", err)
	}
}

func TestEmbedderMismatchMessage(t *testing.T) {
	err := &ErrEmbedderMismatch{Have: "hashing-v1", HaveDim: 512, Want: "openai:text-embedding-3-small", WantDim: 1536}
	if !contains(err.Error(), "assistant index --rebuild") {
		t.Errorf("message %q does not say how to fix it", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// Update ids are numbered per bot: a retry of one bot's update is a
// duplicate, the same id from another bot sharing the database is not.
func TestTelegramUpdatesPerBot(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testdb.New(t, "store_updates"), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		bot, update int64
		first       bool
	}{{1, 100, true}, {1, 100, false}, {2, 100, true}, {2, 100, false}, {1, 101, true}} {
		first, err := db.FirstSeen(ctx, c.bot, c.update)
		if err != nil || first != c.first {
			t.Errorf("FirstSeen(bot %d, update %d) = %v, %v; want %v", c.bot, c.update, first, err, c.first)
		}
	}
}
