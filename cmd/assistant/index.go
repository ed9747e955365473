package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/knowledge"
)

func runIndex(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("index", flag.ContinueOnError)
	rebuild := fset.Bool("rebuild", false, "drop the whole index first (needed after changing the embedder)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant index [--rebuild] [DIR]\n\nIndexes the knowledge files under DIR (<topic>/<id>.<lang>.md), or the knowledge\nbase embedded in the binary. Unchanged documents are skipped, changed ones\nreplaced one transaction each, deleted ones removed.\n\nflags:")
		fset.PrintDefaults()
	}
	if err := parseFlags(fset, args, stderr); err != nil {
		return err
	}
	if fset.NArg() > 1 {
		fset.Usage()
		return errUsage
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
	ix := &index.Indexer{DB: a.db, Embedder: a.embedder, Log: a.log}
	if f, ok := stderr.(*os.File); ok && isTerminal(f) {
		ix.Progress = stderr
	}
	sum, err := ix.Run(ctx, tree, *rebuild)
	fmt.Fprintln(stdout, sum)
	return err
}
