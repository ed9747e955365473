package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cantho-connect/assistant/internal/callcenter"
	"github.com/cantho-connect/assistant/internal/config"
)

// runCallcenterSim signs and sends a suggestion request the way a 1088
// console does, and prints the suggestion.
func runCallcenterSim(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("callcenter-sim", flag.ContinueOnError)
	url := fs.String("url", "", "the service's base URL (default: http://127.0.0.1 and the port of HTTP_ADDR)")
	call := fs.String("call", newCallID(), "call_id (default: a new one each run)")
	turn := fs.String("turn", "1", "turn_id")
	langs := fs.String("langs", "en,vi", "answer languages, comma-separated")
	asJSON := fs.Bool("json", false, "print the raw JSON response")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: assistant callcenter-sim [flags] \"question\"\n\nSigns a request with the first key of CALLCENTER_SECRETS, posts it to\n/v1/callcenter/suggest as the 1088 console would, and prints the suggestion.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errUsage
	}
	cfg, err := config.Load(env)
	if err != nil {
		return err
	}
	if len(cfg.CallcenterSecrets) == 0 {
		return fmt.Errorf("CALLCENTER_SECRETS is empty: set the same key as the server's")
	}
	base := *url
	if base == "" {
		_, port, _ := strings.Cut(cfg.HTTPAddr, ":")
		base = "http://127.0.0.1:" + port
	}
	body, _ := json.Marshal(callcenter.SuggestRequest{
		CallID: *call, TurnID: *turn, Question: strings.Join(fs.Args(), " "), AnswerLangs: strings.Split(*langs, ","), CounselorID: "sim",
	})
	resp, data, err := postSuggestion(ctx, strings.TrimRight(base, "/")+"/v1/callcenter/suggest", cfg.CallcenterSecrets[0], body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || *asJSON {
		fmt.Fprintln(stdout, strings.TrimSpace(string(data)))
		if resp.StatusCode == http.StatusConflict {
			return fmt.Errorf("the service answered %s: this call and turn were already asked with another question; run again with a new --turn or --call", resp.Status)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("the service answered %s", resp.Status)
		}
		return nil
	}
	var s callcenter.SuggestResponse
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("the response is not a suggestion: %w", err)
	}
	fmt.Fprintf(stdout, "suggestion %s (call %s, turn %s) confidence %.2f handoff %v, %d ms\n",
		s.SuggestionID, s.CallID, s.TurnID, s.Confidence, s.Handoff, s.TookMS)
	for _, l := range strings.Split(*langs, ",") {
		if a, ok := s.Answers[l]; ok {
			fmt.Fprintf(stdout, "\n=== %s ===\n%s\n", l, a.Text)
		}
	}
	return nil
}

// newCallID is a call id no other run uses: the time in nanoseconds and
// four random bytes.
func newCallID() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return "sim-" + strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + hex.EncodeToString(b[:])
}

// postSuggestion posts body to url signed with secret as the 1088 console
// does, and returns the response with its body read.
func postSuggestion(ctx context.Context, url, secret string, body []byte) (*http.Response, []byte, error) {
	ts, sig := callcenter.Sign(secret, time.Now(), body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(string(body)))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Callcenter-Timestamp", ts)
	req.Header.Set("X-Callcenter-Signature", sig)
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("post suggestion: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}
