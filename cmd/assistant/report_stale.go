package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cantho-connect/assistant/internal/corpus"
	"github.com/cantho-connect/assistant/knowledge"
)

// reportStale lists the documents whose facts were last checked (as_of)
// more than olderThan ago, oldest first: what the content team should
// check again. It reads the knowledge files (dir, or the embedded base),
// not the database.
func reportStale(dir string, olderThan time.Duration, now time.Time, stdout io.Writer) error {
	var fsys fs.FS = knowledge.FS
	if dir != "" {
		fsys = os.DirFS(dir)
	}
	docs, errs := corpus.Load(fsys)
	if len(errs) > 0 {
		return fmt.Errorf("knowledge files: %w", errs[0])
	}
	cutoff := now.Add(-olderThan)
	var due []corpus.Document
	for _, d := range docs {
		if d.AsOf.Before(cutoff) {
			due = append(due, d)
		}
	}
	if len(due) == 0 {
		fmt.Fprintf(stdout, "no document was last checked before %s\n", cutoff.Format(time.DateOnly))
		return nil
	}
	sort.SliceStable(due, func(i, j int) bool {
		if !due[i].AsOf.Equal(due[j].AsOf) {
			return due[i].AsOf.Before(due[j].AsOf)
		}
		return due[i].Path < due[j].Path
	})
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CHECKED\tDAYS\tIN FORCE FROM\tDOCUMENT\tTITLE")
	for _, d := range due {
		inForce := "-"
		if !d.InForceFrom.IsZero() {
			inForce = d.InForceFrom.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s.%s\t%s\n", d.AsOf.Format(time.DateOnly), int(now.Sub(d.AsOf).Hours()/24), inForce, d.ID, d.Lang, clip(d.Title))
	}
	return tw.Flush()
}

// parseDays reads "180d" (or "180") as a number of days.
func parseDays(s string) (time.Duration, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "d"))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("--older-than %q: want a number of days such as 180d", s)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}
