package testkb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/internal/testdb"
)

// OpenFuzz is Open for fuzz targets. go test -fuzz runs a target's setup
// in several processes at once (the coordinator and its workers), so each
// process gets a database of its own, named after its process id, and
// drops it when the target ends.
func OpenFuzz(tb testing.TB, name string) (*store.DB, *retrieve.Retriever) {
	tb.Helper()
	var dbURL string
	db, ret := Open(tb, fmt.Sprintf("%s_fuzz_%d", name, os.Getpid()), func(u string) string { dbURL = u; return u })
	tb.Cleanup(func() { // runs before Open's db.Close: FORCE ends the pool's sessions
		u, err := url.Parse(dbURL)
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, testdb.ServerURL())
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		name := pgx.Identifier{strings.TrimPrefix(u.Path, "/")}.Sanitize()
		_, _ = conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	return db, ret
}
