package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// report stale lists the documents checked longer ago than asked, oldest
// first, from the knowledge files alone; a bad number is a usage error.
func TestReportStale(t *testing.T) {
	dir := t.TempDir()
	write := func(name, asOf string) {
		t.Helper()
		doc := "---\nid: labour-x\nlang: " + name + "\ntitle: X\ntopic: labour\naudience: [workers]\nsources:\n  - Law 69/2020/QH14\nas_of: " + asOf + "\n---\n\nA fact.\n"
		if err := os.MkdirAll(filepath.Join(dir, "labour"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "labour", "labour-x."+name+".md"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vi", "2025-01-10")
	write("en", "2026-11-20")
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	var out strings.Builder
	if err := reportStale(dir, 180*24*time.Hour, now, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "2025-01-10") || !strings.Contains(out.String(), "labour-x.vi") || strings.Contains(out.String(), "labour-x.en") {
		t.Errorf("180 days: want only the Vietnamese version (checked 2025-01-10):\n%s", out.String())
	}
	out.Reset()
	if err := reportStale(dir, 1000*24*time.Hour, now, &out); err != nil || !strings.HasPrefix(out.String(), "no document") {
		t.Errorf("1000 days: %q, %v; want none due", out.String(), err)
	}
	if _, err := parseDays("six months"); err == nil {
		t.Error("parseDays accepted a bad value")
	}
	if code, out, _ := runCmd(t, func(string) string { return "" }, "report", "stale", "--older-than", "0d"); code != 0 || !strings.Contains(out, "DOCUMENT") {
		t.Errorf("report stale on the embedded base: %d\n%s", code, out)
	}
}
