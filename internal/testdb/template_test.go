package testdb

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

func countRows(t *testing.T, url, table string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	return n
}

func databases(t *testing.T, prefix string) []string {
	t.Helper()
	ctx := context.Background()
	conn := admin(t, ctx)
	defer conn.Close(ctx)
	rows, _ := conn.Query(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1`, prefix)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// Two packages' tests cloning at once build the template once; a new hash
// builds a new one and drops the old.
func TestCloneBuildsTheTemplateOnceAndPerHash(t *testing.T) {
	var builds atomic.Int32
	tmpl := func(hash string) Template {
		return Template{Name: "probe", Hash: hash, Prepare: func(ctx context.Context, url string) error {
			builds.Add(1)
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				return err
			}
			defer conn.Close(ctx)
			_, err = conn.Exec(ctx, `CREATE TABLE probe AS SELECT generate_series(1, 3) AS n`)
			return err
		}}
	}
	first := tmpl("aaaaaaaaaaaa0001")
	// A previous run's template of this hash would hide the build.
	ctx := context.Background()
	conn := admin(t, ctx)
	for _, db := range databases(t, first.prefix()) {
		if err := exec(ctx, conn, `DROP DATABASE %s WITH (FORCE)`, db); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close(ctx)

	urls := make([]string, 4)
	t.Run("clones", func(t *testing.T) {
		for i := range urls {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				urls[i] = Clone(t, fmt.Sprintf("probe_%d", i), first)
			})
		}
	})
	if n := builds.Load(); n != 1 {
		t.Errorf("template built %d times by 4 concurrent clones, want 1", n)
	}
	for _, u := range urls {
		if n := countRows(t, u, "probe"); n != 3 {
			t.Errorf("a clone holds %d rows, want 3", n)
		}
	}
	Clone(t, "probe_0", first)
	if n := builds.Load(); n != 1 {
		t.Errorf("an existing template was rebuilt (%d builds)", n)
	}

	second := tmpl("bbbbbbbbbbbb0002")
	Clone(t, "probe_0", second)
	if n := builds.Load(); n != 2 {
		t.Errorf("a new hash made %d builds in all, want 2", n)
	}
	if got := databases(t, first.prefix()); len(got) != 1 || got[0] != second.database() {
		t.Errorf("templates left: %v, want only %s", got, second.database())
	}
}
