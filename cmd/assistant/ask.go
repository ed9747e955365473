package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
)

func runAsk(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print the answer as the JSON of POST /v1/ask")
	lang := fs.String("lang", "", "answer language: vi or en (default: the question's)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant ask [--json] [--lang vi|en] \"question\"\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.checkIndex(ctx); err != nil {
		return err
	}
	ans, err := a.service().Ask(ctx, assistant.Query{Question: strings.Join(fs.Args(), " "), Lang: *lang, Channel: "cli"})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(httpapi.NewAskResponse(ans))
	}
	fmt.Fprintln(stdout, ans.PlainText())
	fmt.Fprintf(stdout, "\n(confidence %.2f, handoff %v)\n", ans.Confidence, ans.Handoff)
	return nil
}
