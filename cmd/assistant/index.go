package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/knowledge"
)

const indexUsage = `usage: assistant index [--rebuild] [--dry-run] [--prune] [DIR]

Indexes the knowledge files under DIR (<topic>/<id>.<lang>.md), or the knowledge
base embedded in the binary. Unchanged documents are skipped, changed ones
replaced one transaction each, deleted ones removed. A run that would remove
more than half of the indexed documents (or all of them) is refused unless
--prune is given: a mistyped folder must not empty the index.

flags:`

func runIndex(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("index", flag.ContinueOnError)
	rebuild := fset.Bool("rebuild", false, "drop the whole index first (needed after changing the embedder)")
	dryRun := fset.Bool("dry-run", false, "print what would be added, updated and removed, and write nothing")
	prune := fset.Bool("prune", false, "allow the run to remove more than half of the indexed documents")
	fset.Usage = func() {
		fmt.Fprintln(stderr, indexUsage)
		fset.PrintDefaults()
	}
	if err := parseFlags(fset, args, stderr); err != nil {
		return err
	}
	if fset.NArg() > 1 {
		return badUsage("index takes at most one folder, got %d arguments (%q)", fset.NArg(), fset.Args())
	}
	var tree fs.FS = knowledge.FS
	if fset.NArg() == 1 {
		dir := fset.Arg(0)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("%s is not a folder", dir)
		}
		tree = os.DirFS(dir)
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.db.Migrate(ctx); err != nil {
		return err
	}
	ix := &index.Indexer{DB: a.db, Embedder: a.embedder, Log: a.log, Guard: !*prune, DryRun: *dryRun}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) && !*dryRun {
		ix.Progress = stderr
	}
	sum, err := ix.Run(ctx, tree, *rebuild)
	if errors.Is(err, index.ErrTooManyRemoved) {
		return fmt.Errorf("%w; nothing was changed. Check the folder, see the list with --dry-run, or give --prune to remove them anyway", err)
	}
	if err != nil && !errors.Is(err, index.ErrSomeFailed) {
		return err
	}
	printPlan(stdout, sum.Plan)
	fmt.Fprintln(stdout, sum)
	if !*dryRun {
		if cerr := a.loadCards(ctx, ix, tree, stdout); cerr != nil {
			return cerr
		}
	}
	return err
}

// printPlan lists a dry run's documents, one a line; nothing for nil.
func printPlan(w io.Writer, p *index.Plan) {
	if p == nil {
		return
	}
	for _, g := range []struct {
		verb  string
		names []string
	}{{"add", p.Add}, {"update", p.Update}, {"remove", p.Remove}} {
		for _, n := range g.names {
			fmt.Fprintf(w, "%-6s %s\n", g.verb, n)
		}
	}
}
