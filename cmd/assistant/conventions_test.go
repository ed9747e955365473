package main

import (
	"flag"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestHelpGoesToStandardOutput(t *testing.T) {
	code, stdout, stderr := runCmd(t, envFor("postgres://unused/x"), "-h")
	if code != 0 || stderr != "" {
		t.Errorf("assistant -h: exit %d, stderr %q", code, stderr)
	}
	for _, c := range commands {
		if !strings.Contains(stdout, "  "+c.name+" ") {
			t.Errorf("assistant -h does not list %s:\n%s", c.name, stdout)
		}
		code, stdout, stderr := runCmd(t, envFor("postgres://unused/x"), c.name, "-h")
		if code != 0 || stderr != "" || !strings.Contains(stdout, "usage: assistant "+c.name) {
			t.Errorf("%s -h: exit %d, stdout %q, stderr %q", c.name, code, stdout, stderr)
		}
	}
	// A usage error is not help: it goes to stderr with exit 2.
	if code, stdout, stderr := runCmd(t, envFor(""), "ask"); code != 2 || stdout != "" || !strings.Contains(stderr, "usage: assistant ask") {
		t.Errorf("ask without a question: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestUnknownNamesListTheKnownOnes(t *testing.T) {
	code, _, stderr := runCmd(t, envFor(""), "frobnicate")
	if code != 2 || !strings.Contains(stderr, `unknown command "frobnicate" (known: serve, index, ask, eval, migrate, report, callcenter-sim, user)`) {
		t.Errorf("unknown command: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCmd(t, envFor(""), "report", "nonsense")
	if code != 2 || !strings.Contains(stderr, `unknown report "nonsense" (known: gaps, callcenter, stale)`) {
		t.Errorf("unknown report: exit %d, %q", code, stderr)
	}
}

func TestFlagsBeforeOrAfterArguments(t *testing.T) {
	for _, args := range [][]string{
		{"--json", "--lang", "en", "how", "much"},
		{"how", "much", "--json", "--lang", "en"},
		{"how", "--lang=en", "much", "--json"},
	} {
		fs := flag.NewFlagSet("ask", flag.ContinueOnError)
		asJSON := fs.Bool("json", false, "")
		lang := fs.String("lang", "", "")
		if err := parseFlags(fs, args, io.Discard); err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		if !*asJSON || *lang != "en" || strings.Join(fs.Args(), " ") != "how much" {
			t.Errorf("%q: json %v, lang %q, args %q", args, *asJSON, *lang, fs.Args())
		}
	}
	// After "--" a flag-looking word is part of the question.
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, []string{"what", "--", "is", "--json"}, io.Discard); err != nil || *asJSON || strings.Join(fs.Args(), " ") != "what is --json" {
		t.Errorf("after --: json %v, args %q, %v", *asJSON, fs.Args(), err)
	}
	// An unknown flag after the question is an error, not question text.
	code, _, stderr := runCmd(t, envFor(""), "ask", "visa", "--jsn")
	if code != 2 || !strings.Contains(stderr, "jsn") {
		t.Errorf("ask visa --jsn: exit %d, %q", code, stderr)
	}
}

func TestDatabaseDownNamesTheAddressAndTheVariable(t *testing.T) {
	env := envFor("postgres://assistant:SECRETPW@127.0.0.1:1/nothing?sslmode=disable")
	for _, args := range [][]string{{"ask", "visa"}, {"migrate"}, {"index"}, {"report", "gaps"}} {
		code, _, stderr := runCmd(t, env, args...)
		if code != 1 || !strings.Contains(stderr, "the database at 127.0.0.1:1 is unreachable") || !strings.Contains(stderr, "DATABASE_URL") {
			t.Errorf("%q with the database down: exit %d, %q", args, code, stderr)
		}
		if strings.Contains(stderr, "SECRETPW") {
			t.Errorf("%q prints the database password: %q", args, stderr)
		}
	}
}

func TestClipShortensLongQuestions(t *testing.T) {
	long := strings.Repeat("Tôi muốn hỏi về hợp đồng lao động ", 20)
	got := clip(long)
	if n := len([]rune(got)); n != questionWidth || !strings.HasSuffix(got, "…") {
		t.Errorf("clip: %d characters %q", n, got)
	}
	if got := clip("short\nquestion"); got != "short question" {
		t.Errorf("clip short: %q", got)
	}
}

// TestReadmeListsExactlyTheCommands keeps the README's command table and
// "assistant -h" (both from the commands table) in step.
func TestReadmeListsExactlyTheCommands(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "\n## Commands\n")
	if !ok {
		t.Fatal("README.md has no ## Commands section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z-]+)[ `]").FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	var want []string
	for _, c := range commands {
		want = append(want, c.name)
	}
	if !slices.Equal(listed, want) {
		t.Errorf("README.md lists commands %q; the commands table (assistant -h) has %q", listed, want)
	}
	if m := regexp.MustCompile(`subcommands: [a-z, -]+`).FindString(string(data)); m != "" {
		t.Errorf("README.md lists subcommands by hand: %q", m)
	}
}

// TestServeHelpListsEveryRoute checks serve -h against the route table of
// docs/api.md.
func TestServeHelpListsEveryRoute(t *testing.T) {
	data, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	_, help, _ := runCmd(t, envFor(""), "serve", "-h")
	routes := regexp.MustCompile("`(GET|POST|DELETE) (/[^`]*)`").FindAllStringSubmatch(string(data), -1)
	if len(routes) < 8 {
		t.Fatalf("docs/api.md names %d routes", len(routes))
	}
	for _, r := range routes {
		if !regexp.MustCompile(r[1] + `\s+` + regexp.QuoteMeta(r[2]) + `\s`).MatchString(help) {
			t.Errorf("serve -h does not list %s %s:\n%s", r[1], r[2], help)
		}
	}
}
