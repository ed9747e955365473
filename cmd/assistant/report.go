package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

func runReport(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	days := fs.Int("days", 30, "look back this many days")
	limit := fs.Int("limit", 20, "show at most this many rows")
	olderThan := fs.String("older-than", "180d", "stale: documents last checked more than this many days ago")
	dir := fs.String("dir", "", "stale: a knowledge folder (default: the embedded knowledge base)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant report gaps|callcenter [--days N] [--limit N]\n       assistant report stale [--older-than 180d] [--dir FOLDER]\n\ngaps: the questions handed off most often (nothing relevant found, out of\nscope, or refused), for the content team.\ncallcenter: how 1088 counsellors judged the suggestions, by topic, and the\nquestions whose suggestions were most often rejected or edited.\nstale: the documents whose facts were last checked (as_of) longer ago than\n--older-than, oldest first.\nPersonal numbers were masked before the questions were stored.\n\nflags:")
		fs.PrintDefaults()
	}
	if len(args) == 0 {
		fs.Usage()
		return errUsage
	}
	if wantsHelp(args[:1]) {
		fs.Usage()
		return errHelp
	}
	if args[0] != "gaps" && args[0] != "callcenter" && args[0] != "stale" {
		return badUsage("unknown report %q (known: gaps, callcenter, stale)", args[0])
	}
	if err := parseFlags(fs, args[1:], stderr); err != nil {
		return err
	}
	if args[0] == "stale" {
		d, err := parseDays(*olderThan)
		if err != nil {
			return err
		}
		return reportStale(*dir, d, time.Now(), stdout)
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
	since := time.Now().AddDate(0, 0, -*days)
	if args[0] == "callcenter" {
		return reportCallcenter(ctx, a, since, *limit, *days, stdout)
	}
	return reportGaps(ctx, a, since, *limit, *days, stdout)
}

// reportGaps prints the questions handed off most often since since.
func reportGaps(ctx context.Context, a *app, since time.Time, limit, days int, stdout io.Writer) error {
	gaps, err := a.db.Gaps(ctx, since, limit)
	if err != nil {
		return err
	}
	if len(gaps) == 0 {
		fmt.Fprintf(stdout, "no unanswered questions in the last %d days\n", days)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COUNT\tLANG\tREASON\tLAST\tQUESTION")
	for _, g := range gaps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", g.Count, g.Lang, g.Reason, g.Last.Format("2006-01-02"), clip(g.Question))
	}
	return tw.Flush()
}

func reportCallcenter(ctx context.Context, a *app, since time.Time, limit, days int, stdout io.Writer) error {
	topics, err := a.db.CallcenterTopics(ctx, since)
	if err != nil {
		return err
	}
	if len(topics) == 0 {
		fmt.Fprintf(stdout, "no call-centre suggestions in the last %d days\n", days)
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TOPIC\tSUGGESTIONS\tJUDGED\tUSED AS IS\tEDITED\tREJECTED")
	for _, t := range topics {
		judged := t.Used + t.Edited + t.Rejected
		name := t.Topic
		if name == "" {
			name = "(handed off)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\n", name, t.Suggestions, judged,
			share(t.Used, judged), share(t.Edited, judged), share(t.Rejected, judged))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	troubled, err := a.db.CallcenterTroubled(ctx, since, limit)
	if err != nil {
		return err
	}
	if len(troubled) > 0 {
		fmt.Fprintln(stdout, "\nmost rejected or edited:")
		tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "REJECTED\tEDITED\tQUESTION")
		for _, t := range troubled {
			fmt.Fprintf(tw, "%d\t%d\t%s\n", t.Rejected, t.Edited, clip(t.Question))
		}
		return tw.Flush()
	}
	return nil
}

// questionWidth is how many characters of a question a report prints.
const questionWidth = 120

// clip shortens q to questionWidth characters, ending in "…" when cut, and
// puts it on one line.
func clip(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	r := []rune(q)
	if len(r) <= questionWidth {
		return q
	}
	return string(r[:questionWidth-1]) + "…"
}

// share is "n (p%)" of judged, or "0" when nothing was judged.
func share(n, judged int) string {
	if judged == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%.0f%%)", n, 100*float64(n)/float64(judged))
}
