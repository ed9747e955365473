package corpus

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

const goodDoc = `---
id: labour-abroad-fees
lang: en
title: Costs of working abroad
topic: labour
audience: [workers, counselors]
sources:
  - Law 69/2020/QH14
as_of: 2026-11-01
---

Intro paragraph about fees.

## Service fee
The fee is capped. It is at most one month of salary per 12 months.

## Deposit
A deposit is held in a bank account in your name.
`

func TestParse(t *testing.T) {
	doc, err := Parse("labour/labour-abroad-fees.en.md", []byte(goodDoc))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "labour-abroad-fees" || doc.Lang != "en" || doc.Topic != "labour" ||
		len(doc.Audience) != 2 || doc.Sources[0] != "Law 69/2020/QH14" || doc.AsOf.Format("2006-01-02") != "2026-11-01" {
		t.Errorf("unexpected document: %+v", doc)
	}
	if doc.Hash == "" || strings.HasPrefix(doc.Body, "---") {
		t.Errorf("hash or body wrong: %q", doc.Body[:20])
	}
}

// in_force_from is optional; when present it is the date the main
// instrument took effect.
func TestParseInForceFrom(t *testing.T) {
	doc, err := Parse("labour/labour-abroad-fees.en.md", []byte(goodDoc))
	if err != nil || !doc.InForceFrom.IsZero() {
		t.Fatalf("without the field: err %v, in force from %v; want no error and a zero date", err, doc.InForceFrom)
	}
	src := strings.Replace(goodDoc, "as_of: 2026-11-01", "as_of: 2026-11-01\nin_force_from: 2022-01-01", 1)
	doc, err = Parse("labour/labour-abroad-fees.en.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.InForceFrom.Format(time.DateOnly); got != "2022-01-01" {
		t.Errorf("in force from %s, want 2022-01-01", got)
	}
}

func TestParseErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, path, replace, with, field string
	}{
		{"missing id", "labour/labour-abroad-fees.en.md", "id: labour-abroad-fees\n", "", "id"},
		{"id vs file name", "labour/other.en.md", "", "", "id"},
		{"bad lang", "labour/labour-abroad-fees.en.md", "lang: en", "lang: fr", "lang"},
		{"lang vs file name", "labour/labour-abroad-fees.vi.md", "", "", "lang"},
		{"bad topic", "labour/labour-abroad-fees.en.md", "topic: labour", "topic: jobs", "topic"},
		{"topic vs folder", "marriage/labour-abroad-fees.en.md", "", "", "topic"},
		{"no audience", "labour/labour-abroad-fees.en.md", "audience: [workers, counselors]\n", "", "audience"},
		{"bad audience", "labour/labour-abroad-fees.en.md", "[workers, counselors]", "[workers, aliens]", "audience"},
		{"no sources", "labour/labour-abroad-fees.en.md", "sources:\n  - Law 69/2020/QH14\n", "", "sources"},
		{"bad date", "labour/labour-abroad-fees.en.md", "as_of: 2026-11-01", "as_of: 1 Nov 2026", "as_of"},
		{"no title", "labour/labour-abroad-fees.en.md", "title: Costs of working abroad\n", "", "title"},
		{"bad in_force_from", "labour/labour-abroad-fees.en.md", "as_of: 2026-11-01", "as_of: 2026-11-01\nin_force_from: 2022", "in_force_from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := goodDoc
			if tt.replace != "" {
				src = strings.Replace(src, tt.replace, tt.with, 1)
			}
			_, err := Parse(tt.path, []byte(src))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FieldError", err)
			}
			if fe.Field != tt.field || fe.Path != tt.path {
				t.Errorf("err names %s/%s, want %s/%s", fe.Path, fe.Field, tt.path, tt.field)
			}
			if !strings.Contains(err.Error(), tt.path) {
				t.Errorf("message %q does not name the file", err)
			}
		})
	}
	if _, err := Parse("labour/x.en.md", []byte("no front matter")); err == nil || !strings.Contains(err.Error(), "front matter") {
		t.Errorf("missing front matter: err = %v", err)
	}
	if _, err := Parse("labour/labour-abroad-fees.en.md", []byte(strings.Replace(goodDoc, "as_of:", "colour: red\nas_of:", 1))); err == nil || !strings.Contains(err.Error(), "colour") {
		t.Errorf("unknown field: err = %v", err)
	}
}

func TestLoadKeepsGoodFilesWhenOneIsBad(t *testing.T) {
	fsys := fstest.MapFS{
		"labour/labour-abroad-fees.en.md": {Data: []byte(goodDoc)},
		"labour/broken.en.md":             {Data: []byte("---\nid: broken\n---\nbody")},
		"glossary.tsv":                    {Data: []byte("en\tvi\tnote\n")},
		"eval/questions.jsonl":            {Data: []byte("{}")},
	}
	docs, errs := Load(fsys)
	if len(docs) != 1 || docs[0].ID != "labour-abroad-fees" {
		t.Errorf("docs = %v, want the one good document", docs)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "labour/broken.en.md") {
		t.Errorf("errs = %v, want one error naming labour/broken.en.md", errs)
	}
}

func TestChunks(t *testing.T) {
	doc, err := Parse("labour/labour-abroad-fees.en.md", []byte(goodDoc))
	if err != nil {
		t.Fatal(err)
	}
	cs := Chunks(doc)
	if len(cs) != 3 {
		t.Fatalf("got %d chunks, want 3 (intro and two sections): %+v", len(cs), cs)
	}
	if cs[1].Heading != "Costs of working abroad › Service fee" || !strings.Contains(cs[1].Text, "one month of salary") {
		t.Errorf("chunk 1 = %+v", cs[1])
	}
	for i, c := range cs {
		if c.Ord != i {
			t.Errorf("chunk %d has Ord %d", i, c.Ord)
		}
	}
}

// TestChunksKeepStepNumbers: bullets become "- ", an ordered list keeps
// its numbers, which tell the composer the items are steps.
func TestChunksKeepStepNumbers(t *testing.T) {
	src := strings.Replace(goodDoc, "## Deposit", "## Steps\nThe steps are:\n1. Pass the test.\n2) Sign the contract.\n* Bring **two** photos.\n\n## Deposit", 1)
	doc, err := Parse("labour/labour-abroad-fees.en.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var steps string
	for _, c := range Chunks(doc) {
		if strings.HasSuffix(c.Heading, "Steps") {
			steps = c.Text
		}
	}
	if want := "The steps are:\n1. Pass the test.\n2. Sign the contract.\n- Bring two photos."; steps != want {
		t.Errorf("steps chunk = %q, want %q", steps, want)
	}
}

func TestChunksLongSectionSplitsWithOverlap(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Split(goodDoc, "Intro")[0])
	b.WriteString("## Long section\n")
	for i := range 40 {
		b.WriteString("Sentence number ")
		b.WriteString(strings.Repeat("x", i%7+1))
		b.WriteString(" says something useful about fees and deposits. ")
		if i%6 == 5 {
			b.WriteString("\n\n")
		}
	}
	doc, err := Parse("labour/labour-abroad-fees.en.md", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	cs := Chunks(doc)
	if len(cs) < 2 {
		t.Fatalf("got %d chunks, want the long section split", len(cs))
	}
	for i, c := range cs {
		if n := runeLen(c.Text); n > MaxChunk+maxOverlap {
			t.Errorf("chunk %d has %d runes", i, n)
		}
		if i > 0 {
			prev := lastSentence(strings.Split(cs[i-1].Text, "\n")[len(strings.Split(cs[i-1].Text, "\n"))-1])
			if prev != "" && !strings.HasPrefix(c.Text, prev) {
				t.Errorf("chunk %d does not start with the overlap %q", i, prev)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(goodDoc))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\nid: [\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("labour/labour-abroad-fees.en.md", data)
		if err == nil {
			_ = Chunks(doc)
		}
	})
}
