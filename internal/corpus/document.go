// Package corpus reads the knowledge base: Markdown files with YAML front
// matter, one document per file and language, and cuts them into chunks that
// keep their heading path and document metadata.
package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/cantho-connect/assistant/internal/vitext"
)

// Document is one knowledge file.
type Document struct {
	ID       string
	Lang     string
	Title    string
	Topic    string
	Audience []string
	Sources  []string
	AsOf     time.Time
	// InForceFrom is the date the main legal instrument of a document
	// about law took effect; zero when the document is not about law.
	InForceFrom time.Time
	Path        string // slash-separated, relative to the knowledge root
	Body        string // Markdown after the front matter, NFC
	Hash        string // sha256 of the file's bytes, hex
}

// Allowed values of the front matter fields.
var (
	Topics    = []string{"cantho", "diaspora", "labour", "marriage", "about"}
	Audiences = []string{"workers", "diaspora", "brides", "counselors", "partners", "everyone"}
	Langs     = []string{vitext.Vietnamese, vitext.English}
)

// FieldError says which field of which file is missing or wrong.
type FieldError struct {
	Path, Field, Problem string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: field %q: %s", e.Path, e.Field, e.Problem)
}

// FileError is any other problem with one file: unreadable, no front
// matter, invalid YAML.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// ErrorPath returns the file a Load or Parse error is about.
func ErrorPath(err error) (string, bool) {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe.Path, true
	}
	var fi *FileError
	if errors.As(err, &fi) {
		return fi.Path, true
	}
	return "", false
}

type frontMatter struct {
	ID       string   `yaml:"id"`
	Lang     string   `yaml:"lang"`
	Title    string   `yaml:"title"`
	Topic    string   `yaml:"topic"`
	Audience []string `yaml:"audience"`
	Sources  []string `yaml:"sources"`
	AsOf     string   `yaml:"as_of"`
	// InForceFrom is optional: YYYY-MM-DD when present.
	InForceFrom string `yaml:"in_force_from"`
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	namePattern = regexp.MustCompile(`^([a-z0-9-]+)\.(vi|en)\.md$`)
)

// Parse reads one knowledge file. p is its slash path relative to the
// knowledge root, "<topic>/<id>.<lang>.md". The error names the file: a
// *FieldError for a missing or bad front matter field, else a *FileError.
func Parse(p string, data []byte) (Document, error) {
	fm, body, err := splitFrontMatter(data)
	if err != nil {
		return Document{}, &FileError{Path: p, Err: err}
	}
	var m frontMatter
	dec := yaml.NewDecoder(bytes.NewReader(fm))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return Document{}, &FileError{Path: p, Err: fmt.Errorf("front matter: %w", err)}
	}
	fail := func(field, problem string) (Document, error) {
		return Document{}, &FieldError{Path: p, Field: field, Problem: problem}
	}
	if field, problem := checkFrontMatter(p, m); field != "" {
		return fail(field, problem)
	}
	asOf, err := time.Parse(time.DateOnly, m.AsOf)
	if err != nil {
		return fail("as_of", fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", m.AsOf))
	}
	var inForce time.Time
	if m.InForceFrom != "" {
		if inForce, err = time.Parse(time.DateOnly, m.InForceFrom); err != nil {
			return fail("in_force_from", fmt.Sprintf("%q is not a date in the form YYYY-MM-DD", m.InForceFrom))
		}
	}
	body = []byte(strings.TrimSpace(vitext.NormalizeLines(string(body))))
	if len(body) == 0 {
		return fail("body", "empty: write the document below the front matter")
	}
	sum := sha256.Sum256(data)
	return Document{
		ID: m.ID, Lang: m.Lang, Title: vitext.Normalize(m.Title), Topic: m.Topic,
		Audience: m.Audience, Sources: m.Sources, AsOf: asOf, InForceFrom: inForce,
		Path: p, Body: string(body), Hash: hex.EncodeToString(sum[:]),
	}, nil
}

var errNoFrontMatter = errors.New("missing front matter: the file must start with a line '---', the YAML fields, and a closing '---'")

func splitFrontMatter(data []byte) (fm, body []byte, err error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, errNoFrontMatter
	}
	rest := data[4:]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			return rest[:len(rest)-4], nil, nil
		}
		return nil, nil, errNoFrontMatter
	}
	return rest[:end+1], rest[end+5:], nil
}

// IsDocumentPath reports whether a path under the knowledge root names a
// document file (<topic>/<name>.<lang>.md).
func IsDocumentPath(p string) bool {
	return strings.HasSuffix(p, ".md") && strings.Count(p, "/") == 1 && !strings.HasPrefix(p, "eval/")
}

// Load parses every document file in fsys. It returns the documents that
// parsed and one error per file that did not; a bad file never stops the
// others. Two files with the same id and language are an error for the
// second.
func Load(fsys fs.FS) ([]Document, []error) {
	var docs []Document
	var errs []error
	seen := map[string]string{}
	walkErr := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			return nil
		}
		if d.IsDir() || !IsDocumentPath(p) {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, &FileError{Path: p, Err: err})
			return nil
		}
		doc, err := Parse(p, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		key := doc.ID + "." + doc.Lang
		if other, dup := seen[key]; dup {
			errs = append(errs, &FieldError{Path: p, Field: "id", Problem: fmt.Sprintf("%q in %q is already used by %s", doc.ID, doc.Lang, other)})
			return nil
		}
		seen[key] = p
		docs = append(docs, doc)
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}
	return docs, errs
}

// checkFrontMatter returns the first field of m that is missing or wrong
// for a file at p, and what is wrong with it; "" when all are right.
func checkFrontMatter(p string, m frontMatter) (field, problem string) {
	base := path.Base(p)
	nameParts := namePattern.FindStringSubmatch(base)
	switch {
	case m.ID == "":
		return "id", "missing"
	case !idPattern.MatchString(m.ID):
		return "id", "use lower-case letters, digits and single hyphens"
	case nameParts == nil:
		return "id", "file name must be <id>.<lang>.md"
	case nameParts[1] != m.ID:
		return "id", fmt.Sprintf("%q does not match the file name %q", m.ID, base)
	case m.Lang == "":
		return "lang", "missing"
	case !slices.Contains(Langs, m.Lang):
		return "lang", fmt.Sprintf("%q is not one of %v", m.Lang, Langs)
	case nameParts[2] != m.Lang:
		return "lang", fmt.Sprintf("%q does not match the file name %q", m.Lang, base)
	case strings.TrimSpace(m.Title) == "":
		return "title", "missing"
	case m.Topic == "":
		return "topic", "missing"
	case !slices.Contains(Topics, m.Topic):
		return "topic", fmt.Sprintf("%q is not one of %v", m.Topic, Topics)
	case path.Base(path.Dir(p)) != m.Topic:
		return "topic", fmt.Sprintf("%q does not match the folder %q", m.Topic, path.Dir(p))
	case len(m.Audience) == 0:
		return "audience", "missing: list at least one of " + strings.Join(Audiences, ", ")
	case len(m.Sources) == 0:
		return "sources", "missing: list the official instruments or bodies the facts come from"
	case m.AsOf == "":
		return "as_of", "missing: the date the facts were last checked, YYYY-MM-DD"
	}
	for _, a := range m.Audience {
		if !slices.Contains(Audiences, a) {
			return "audience", fmt.Sprintf("%q is not one of %v", a, Audiences)
		}
	}
	for _, s := range m.Sources {
		if strings.TrimSpace(s) == "" {
			return "sources", "empty entry"
		}
	}
	return "", ""
}
