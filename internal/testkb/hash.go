package testkb

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/cantho-connect/assistant/knowledge"
)

// indexCode are the folders, from the module root, whose files decide what
// an indexed database holds: the schema (store and its migrations), how
// documents become chunks and vectors (corpus, index, embed, vitext),
// how answer cards are read and tied to chunks (curated, index), the
// glossary the embedder's concept features read (retrieve), and the
// dependency versions (go.mod).
var indexCode = []string{"go.mod", "internal/store", "internal/store/migrations", "internal/corpus",
	"internal/index", "internal/embed", "internal/retrieve", "internal/vitext", "internal/curated"}

// sourceHash is a hex SHA-256 of the embedded knowledge base and of the
// non-test files of indexCode, read from the source tree this package was
// compiled from. Without that tree (a build with -trimpath) it hashes the
// test binary itself: always right, shared by fewer tests.
func sourceHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(knowledge.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return hashFile(h, knowledge.FS, path)
	})
	if err != nil {
		return "", fmt.Errorf("knowledge: %w", err)
	}
	_, self, _, ok := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(self), "..", "..")
	if _, err := os.Stat(filepath.Join(root, "go.mod")); !ok || err != nil {
		exe, err := os.Executable()
		if err != nil {
			return "", err
		}
		return hashPaths(h, os.DirFS(filepath.Dir(exe)), []string{filepath.Base(exe)})
	}
	return hashPaths(h, os.DirFS(root), indexCode)
}

// hashPaths adds each path (a file, or a folder's files, not recursively,
// without tests) to h and returns the hex sum.
func hashPaths(h hash.Hash, fsys fs.FS, paths []string) (string, error) {
	for _, p := range paths {
		entries, err := fs.ReadDir(fsys, p)
		if err != nil { // a file
			if err := hashFile(h, fsys, p); err != nil {
				return "", err
			}
			continue
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			if err := hashFile(h, fsys, p+"/"+e.Name()); err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h hash.Hash, fsys fs.FS, path string) error {
	f, err := fsys.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "%s\x00", path)
	_, err = io.Copy(h, f)
	return err
}
