// Command assistant is Cần Thơ Connect: a bilingual question-answering
// service over the city's knowledge base. Subcommands: serve, index, ask,
// eval, migrate, report. Run "assistant <command> -h" for each one's flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"serve", "migrate, index the knowledge base if needed, and serve HTTP", runServe},
	{"index", "index a knowledge folder (default: the embedded knowledge base)", runIndex},
	{"ask", "answer one question from the command line", runAsk},
	{"eval", "measure retrieval quality on an evaluation set", runEval},
	{"migrate", "apply database migrations", runMigrate},
	{"report", "reports for the content team: report gaps, report callcenter", runReport},
	{"callcenter-sim", "sign and send a suggestion request as the 1088 console does", runCallcenterSim},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: assistant <command> [flags] [args]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nConfiguration comes from the environment; see README.md.")
}

// run executes one command and returns the process exit code: 0 success,
// 1 failure, 2 usage error.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], env, stdout, stderr)
		switch {
		case err == nil:
			return 0
		case err == errUsage:
			return 2
		case err == errHelp:
			return 0
		default:
			fmt.Fprintf(stderr, "assistant %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "assistant: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}
