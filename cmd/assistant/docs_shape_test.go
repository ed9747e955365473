package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// checkSample compares a response with docs/samples/<name>.<want>.json:
// the status, and the JSON shape (every key path with its JSON type). With
// -samples it writes the file instead.
func checkSample(t *testing.T, doc, name string, want, status int, body []byte) {
	t.Helper()
	path := filepath.Join("../../docs/samples", fmt.Sprintf("%s.%d.json", name, want))
	if status != want {
		t.Errorf("%s: the %s example answers %d, want %d: %s", doc, name, status, want, body)
		return
	}
	var got any
	if err := json.Unmarshal(body, &got); err != nil {
		t.Errorf("%s: the %s example's response is not JSON: %v\n%s", doc, name, err, body)
		return
	}
	if *writeSamples {
		var b bytes.Buffer
		_ = json.Indent(&b, bytes.TrimSpace(body), "", "  ") // keeps the service's field order
		b.WriteByte('\n')
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v (run make docs-samples)", doc, err)
		return
	}
	var sample any
	if err := json.Unmarshal(data, &sample); err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if g, s := shape(got), shape(sample); !slices.Equal(g, s) {
		t.Errorf("%s: the %s example's response no longer has the shape of %s (run make docs-samples after an intended change):\nservice: %s\nsample:  %s",
			doc, name, path, strings.Join(g, " "), strings.Join(s, " "))
	}
}

// shape lists the key paths of a JSON value with their types, sorted and
// unique: {"a":[{"b":1}]} is ["a:array", "a[].b:number"].
func shape(v any) []string {
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				set[p+":"+kind(e)] = true
				walk(p, e)
			}
		case []any:
			for _, e := range x {
				set[prefix+"[]:"+kind(e)] = true
				walk(prefix+"[]", e)
			}
		}
	}
	walk("", v)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	}
	return "null"
}

func TestShape(t *testing.T) {
	var v any
	_ = json.Unmarshal([]byte(`{"a":[{"b":1},{"c":"x"}],"d":null}`), &v)
	if got := strings.Join(shape(v), " "); got != "a:array a[].b:number a[].c:string a[]:object d:null" {
		t.Errorf("shape = %s", got)
	}
}
