package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"golang.org/x/term"

	"github.com/cantho-connect/assistant/internal/console"
	"github.com/cantho-connect/assistant/internal/store"
)

const userUsage = `usage: assistant user add NAME --role counsellor|editor
       assistant user reset NAME [--role counsellor|editor]
       assistant user disable NAME

Manages the accounts of the counsellors' console (/console). add creates an
account; reset sets a new password (and the role, when given), enables the
account again and ends its sessions; disable stops it signing in and ends its
sessions. The password is read from the terminal without echo (asked twice),
or, when standard input is not a terminal, from its first line; never from a
flag. At least 12 characters. NAME: 2-64 of a-z 0-9 . _ -, starting with a
letter or digit.`

var userNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,63}$`)

func runUser(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	return userCommand(ctx, args, env, os.Stdin, stdout, stderr)
}

// userCommand is runUser reading the password from stdin: a terminal
// (*os.File) is prompted without echo, anything else gives its first line.
func userCommand(ctx context.Context, args []string, env func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprintln(stderr, userUsage) }
	role := fs.String("role", "", "counsellor or editor")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return badUsage("want an action (add, reset, disable) and a NAME")
	}
	action, name := fs.Arg(0), fs.Arg(1)
	if !userNameRE.MatchString(name) {
		return badUsage("NAME %q: want 2-64 of a-z 0-9 . _ -, starting with a letter or digit", name)
	}
	if err := checkRole(action, *role); err != nil {
		return err
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if _, err := a.db.Migrate(ctx); err != nil {
		return err
	}
	switch action {
	case "add", "reset":
		return setUser(ctx, a.db, action, name, *role, stdin, stdout, stderr)
	default:
		if err := a.db.DisableConsoleUser(ctx, name); err != nil {
			return userError(name, err)
		}
		fmt.Fprintf(stdout, "disabled %s; their sessions have ended\n", name)
		return nil
	}
}

func checkRole(action, role string) error {
	switch {
	case action != "add" && action != "reset" && action != "disable":
		return badUsage("unknown action %q (known: add, reset, disable)", action)
	case action == "add" && role == "":
		return badUsage("add needs --role counsellor or --role editor")
	case action == "disable" && role != "":
		return badUsage("disable takes no --role")
	case role != "" && role != "counsellor" && role != "editor":
		return badUsage("--role %q: want counsellor or editor", role)
	}
	return nil
}

// setUser reads a password and adds the account or resets it.
func setUser(ctx context.Context, db *store.DB, action, name, role string, stdin io.Reader, stdout, stderr io.Writer) error {
	if action == "reset" && role == "" {
		u, err := db.ConsoleUserByName(ctx, name)
		if err != nil {
			return userError(name, err)
		}
		role = u.Role
	}
	pw, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	hash, err := console.HashPassword(pw)
	if err != nil {
		return err
	}
	if action == "add" {
		if _, err := db.AddConsoleUser(ctx, name, role, hash); err != nil {
			return userError(name, err)
		}
		fmt.Fprintf(stdout, "added %s (%s)\n", name, role)
		return nil
	}
	if err := db.ResetConsoleUser(ctx, name, role, hash); err != nil {
		return userError(name, err)
	}
	fmt.Fprintf(stdout, "reset %s (%s); their sessions have ended\n", name, role)
	return nil
}

func userError(name string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no account named %s (assistant user add %s --role …)", name, name)
	case errors.Is(err, store.ErrExists):
		return fmt.Errorf("an account named %s exists already (assistant user reset %s to change its password)", name, name)
	}
	return err
}

// readPassword reads a new password: from a terminal without echo, typed
// twice; otherwise the first line of stdin. It returns an error saying
// what is wrong with a password that console.CheckPassword refuses.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	var pw string
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		first, err := promptHidden(f, stderr, "New password: ")
		if err != nil {
			return "", err
		}
		again, err := promptHidden(f, stderr, "Again: ")
		if err != nil {
			return "", err
		}
		if first != again {
			return "", errors.New("the two passwords differ; nothing was changed")
		}
		pw = first
	} else {
		line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read the password from standard input: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := console.CheckPassword(pw); err != nil {
		return "", fmt.Errorf("%w; nothing was changed", err)
	}
	return pw, nil
}

func promptHidden(f *os.File, stderr io.Writer, prompt string) (string, error) {
	fmt.Fprint(stderr, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return string(b), nil
}
