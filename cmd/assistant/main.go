// Command assistant is Cần Thơ Connect: a bilingual question-answering
// service over the city's knowledge base. "assistant -h" lists the
// commands (the commands table below, which README.md must match); run
// "assistant <command> -h" for each one's flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/cantho-connect/assistant/internal/config"
	"github.com/cantho-connect/assistant/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand: its name, the one line "assistant -h" prints
// for it, and its implementation, which returns errUsage or errHelp after
// printing the usage to stderr.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error
}

// commands is the one list of subcommands: "assistant -h" prints it and a
// test checks that README.md lists exactly these.
var commands = []command{
	{"serve", "migrate, index the knowledge base if needed, and serve HTTP", runServe},
	{"index", "index a knowledge folder (default: the embedded knowledge base)", runIndex},
	{"ask", "answer one question from the command line", runAsk},
	{"eval", "measure retrieval quality on an evaluation set", runEval},
	{"migrate", "apply database migrations", runMigrate},
	{"report", "reports for the content team: report gaps, report callcenter, report stale", runReport},
	{"callcenter-sim", "sign and send a suggestion request as the 1088 console does", runCallcenterSim},
	{"user", "console accounts: user add|reset|disable NAME (password from the terminal or stdin)", runUser},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: assistant <command> [flags] [args]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-15s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"assistant <command> -h\" for a command's flags. Configuration comes from\nthe environment; see README.md.")
}

// databaseDown says which database could not be reached and the variable
// that configures it: host and port, never the password.
func databaseDown(env func(string) string) string {
	dsn := strings.TrimSpace(env("DATABASE_URL"))
	if dsn == "" {
		dsn = config.DefaultDatabaseURL
	}
	return fmt.Sprintf("the database at %s is unreachable: start it (make db) or set DATABASE_URL", config.DatabaseAddress(dsn))
}

// commandNames is "serve, index, …" for messages.
func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// run executes one command and returns the process exit code: 0 success,
// 1 failure, 2 usage error. Help asked for with -h goes to stdout; usage
// errors go to stderr.
func run(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		usageOut := stderr
		if wantsHelp(args[1:]) {
			usageOut = stdout
		}
		err := c.run(ctx, args[1:], env, stdout, usageOut)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, errUsage):
			if err != errUsage {
				fmt.Fprintf(stderr, "assistant %s: %v\n", c.name, err)
			}
			return 2
		case err == errHelp:
			return 0
		case errors.Is(err, store.ErrUnavailable):
			fmt.Fprintf(stderr, "assistant %s: %s\n  (%v)\n", c.name, databaseDown(env), err)
			return 1
		default:
			fmt.Fprintf(stderr, "assistant %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "assistant: unknown command %q (known: %s)\n\n", args[0], commandNames())
	usage(stderr)
	return 2
}
