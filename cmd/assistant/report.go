package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

func runReport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	days := fs.Int("days", 30, "look back this many days")
	limit := fs.Int("limit", 20, "show at most this many rows")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant report gaps [--days N] [--limit N]\n\ngaps: the questions handed off most often (nothing relevant found, out of\nscope, or refused), for the content team. Personal numbers were masked\nbefore the questions were stored.\n\nflags:")
		fs.PrintDefaults()
	}
	if len(args) == 0 || args[0] != "gaps" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.Usage()
			return errHelp
		}
		fs.Usage()
		return errUsage
	}
	if err := parseFlags(fs, args[1:], stderr); err != nil {
		return err
	}
	if *days <= 0 || *limit <= 0 {
		return fmt.Errorf("--days and --limit must be positive")
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.db.CheckSchema(ctx); err != nil {
		return err
	}
	gaps, err := a.db.Gaps(ctx, time.Now().AddDate(0, 0, -*days), *limit)
	if err != nil {
		return err
	}
	if len(gaps) == 0 {
		fmt.Fprintf(stdout, "no unanswered questions in the last %d days\n", *days)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COUNT\tLANG\tREASON\tLAST\tQUESTION")
	for _, g := range gaps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", g.Count, g.Lang, g.Reason, g.Last.Format("2006-01-02"), g.Question)
	}
	return tw.Flush()
}
