package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/callcenter"
	"github.com/cantho-connect/assistant/internal/testdb"
	"go.yaml.in/yaml/v3"
)

var writeSamples = flag.Bool("samples", false, "rewrite docs/samples/*.json from the running service (make docs-samples)")

// docFiles are the documents whose request examples must work as written.
var docFiles = []string{"README.md", "docs/api.md", "docs/openapi.yaml"}

// sampleRef is how a document points at the sample response of the
// example before it: samples/<name>.<status>.json.
var sampleRef = regexp.MustCompile(`samples/([a-z0-9-]+)\.([0-9]{3})\.json`)

// shellExample is one ```sh block holding a curl request, and the sample
// its document names after it.
type shellExample struct {
	file, script, sample string
	status               int
}

// TestDocsExamples runs every request example of README.md, docs/api.md
// and docs/openapi.yaml against a real service: the curl blocks through
// bash as written (only the host is replaced, "make run" and the line
// making a new CALLCENTER_SECRETS are left out: the test's server is
// running with such a key), and openapi.yaml's request bodies signed as it
// describes. Each response must have the status and the JSON shape of the
// sample the document names (docs/samples, written by make docs-samples).
func TestDocsExamples(t *testing.T) {
	secret := strings.Repeat("s", 44)
	base := startServe(t, envFor(testdb.New(t, "docs"), "CALLCENTER_SECRETS", secret))
	seen := map[string]bool{}
	for _, ex := range shellExamples(t) {
		status, body := runShellExample(t, ex, base, secret)
		checkSample(t, ex.file, ex.sample, ex.status, status, body)
		seen[ex.sample] = true
	}
	for _, ex := range openAPIBodies(t) {
		body := ex.body
		if ex.sample == "feedback" {
			body = strings.Replace(body, "sg_3f2a9c0d8e7b6a5f4e3d2c1b", seenSuggestion, 1)
		}
		status, resp := postSigned(t, base+ex.path, secret, body)
		if ex.sample == "suggest" {
			var s struct {
				ID string `json:"suggestion_id"`
			}
			_ = json.Unmarshal(resp, &s)
			seenSuggestion = s.ID
		}
		checkSample(t, "docs/openapi.yaml", ex.sample, 200, status, resp)
		seen[ex.sample] = true
	}
	files, _ := filepath.Glob("../../docs/samples/*.json")
	for _, f := range files {
		if m := sampleRef.FindStringSubmatch(f); m == nil || !seen[m[1]] {
			t.Errorf("%s is not the sample of any example in the docs", f)
		}
	}
}

// seenSuggestion is the id of the suggestion openapi.yaml's suggest example
// made; its feedback example refers to it.
var seenSuggestion string

func startServe(t *testing.T, env func(string) string) string {
	t.Helper()
	addr := freeAddr(t)
	m := map[string]string{"HTTP_ADDR": addr}
	full := func(k string) string {
		if v, ok := m[k]; ok {
			return v
		}
		return env(k)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var log lockedBuffer
	go func() { done <- run(ctx, []string{"serve"}, full, &bytes.Buffer{}, &log) }()
	t.Cleanup(func() { cancel(); <-done })
	base := "http://" + addr
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if code, _ := tryGet(base + "/readyz"); code == 200 {
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 60s; log:\n%s", log.String())
		}
	}
}

// shellExamples finds every ```sh block with a curl line in docFiles
// (openapi.yaml's in its description) and the sample named after it.
func shellExamples(t *testing.T) []shellExample {
	t.Helper()
	var out []shellExample
	block := regexp.MustCompile("(?s)```sh\n(.*?)```")
	for _, f := range docFiles {
		data, err := os.ReadFile(filepath.Join("../..", f))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		for _, loc := range block.FindAllStringSubmatchIndex(text, -1) {
			script := text[loc[2]:loc[3]]
			if !strings.Contains(script, "curl ") {
				continue
			}
			if strings.Count(script, "curl ") > 1 {
				t.Errorf("%s: an example block holds more than one curl; give each its own block and sample", f)
			}
			m := sampleRef.FindStringSubmatch(text[loc[1]:])
			if m == nil {
				t.Errorf("%s: no samples/<name>.<status>.json named after the example\n%s", f, script)
				continue
			}
			var status int
			fmt.Sscan(m[2], &status)
			out = append(out, shellExample{file: f, script: script, sample: m[1], status: status})
		}
	}
	if len(out) < 4 {
		t.Errorf("found %d curl examples; the docs hold more", len(out))
	}
	return out
}

// runShellExample runs the script with bash, curl reporting the status.
func runShellExample(t *testing.T, ex shellExample, base, secret string) (int, []byte) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(ex.script, "\n") {
		trimmed := strings.TrimSpace(l)
		if strings.HasPrefix(trimmed, "make ") || strings.HasPrefix(trimmed, "export CALLCENTER_SECRETS=") {
			continue
		}
		lines = append(lines, l)
	}
	script := strings.NewReplacer("https://assistant.example.vn", base, "localhost:8080", strings.TrimPrefix(base, "http://")).
		Replace(strings.Join(lines, "\n"))
	wrapper := "curl() { command curl -w '\\n%{http_code}' \"$@\"; }\n"
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", wrapper+script)
	cmd.Env = append(os.Environ(), "CALLCENTER_SECRETS="+secret)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: the example fails: %v\n%s\n%s", ex.file, err, script, out)
	}
	text := strings.TrimSpace(string(out))
	i := strings.LastIndex(text, "\n")
	body, code := text[:max(i, 0)], text[i+1:]
	var status int
	fmt.Sscan(code, &status)
	return status, []byte(body)
}

type openAPIBody struct{ path, body, sample string }

// openAPIBodies are the request body examples of openapi.yaml, with the
// sample each is checked against: the operationId.
func openAPIBodies(t *testing.T) []openAPIBody {
	t.Helper()
	data, err := os.ReadFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `yaml:"operationId"`
			RequestBody struct {
				Content map[string]struct {
					Example any `yaml:"example"`
				} `yaml:"content"`
			} `yaml:"requestBody"`
		} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var out []openAPIBody
	for path, ops := range doc.Paths {
		for _, op := range ops {
			if ex := op.RequestBody.Content["application/json"].Example; ex != nil {
				b, _ := json.Marshal(ex)
				out = append(out, openAPIBody{path: path, body: string(b), sample: op.OperationID})
			}
		}
	}
	slices.SortFunc(out, func(a, b openAPIBody) int { return strings.Compare(b.sample, a.sample) }) // suggest before feedback
	return out
}

// postSigned posts body signed the way openapi.yaml describes.
func postSigned(t *testing.T, url, secret, body string) (int, []byte) {
	t.Helper()
	ts, sig := callcenter.Sign(secret, time.Now(), []byte(body))
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Callcenter-Timestamp", ts)
	req.Header.Set("X-Callcenter-Signature", sig)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.Bytes()
}
