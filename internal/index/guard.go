package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/cantho-connect/assistant/internal/store"
)

// ErrTooManyRemoved is returned (wrapped, with the counts) by a guarded run
// that would remove more than half of the indexed documents, or all of
// them; nothing was written.
var ErrTooManyRemoved = errors.New("refusing to remove most of the index")

// Plan names the documents a dry run would add, update and remove, each as
// "id.lang path", sorted by path.
type Plan struct {
	Add, Update, Remove []string
}

// check computes the run without writing: the dry-run summary and, when
// ix.Guard is set, ErrTooManyRemoved for a run that would remove more than
// half of the stored documents or all of them. With rebuild every
// document of the tree counts as added.
func (ix *Indexer) check(ctx context.Context, fsys fs.FS, rebuild bool) (Summary, error) {
	if !rebuild {
		name, dim, ok, err := ix.DB.Embedder(ctx)
		if err != nil {
			return Summary{}, err
		}
		if ok && (name != ix.Embedder.Name() || dim != ix.Embedder.Dim()) {
			return Summary{}, &store.ErrEmbedderMismatch{Have: name, HaveDim: dim, Want: ix.Embedder.Name(), WantDim: ix.Embedder.Dim()}
		}
	}
	r, err := ix.plan(ctx, fsys)
	if err != nil {
		return Summary{}, err
	}
	gone := r.gone()
	if ix.Guard && tooMany(len(gone), len(r.have)) {
		return Summary{}, fmt.Errorf("%w: this run would remove %d of the %d indexed documents, because the folder holds %d of them (%d knowledge files found)",
			ErrTooManyRemoved, len(gone), len(r.have), len(r.have)-len(gone), len(r.present))
	}
	if !ix.DryRun {
		return Summary{}, nil
	}
	p := &Plan{}
	sum := Summary{Plan: p, Unchanged: r.sum.Unchanged, Failed: len(r.errs)}
	if rebuild {
		sum.Unchanged = 0
		for _, d := range r.docs {
			p.Add = append(p.Add, d.ID+"."+d.Lang+" "+d.Path)
		}
	}
	for _, j := range r.jobs {
		name := j.doc.ID + "." + j.doc.Lang + " " + j.doc.Path
		switch {
		case rebuild:
		case j.isNew:
			p.Add = append(p.Add, name)
		default:
			p.Update = append(p.Update, name)
		}
	}
	for _, d := range gone {
		p.Remove = append(p.Remove, d.ID+"."+d.Lang+" "+d.Path)
	}
	sum.Added, sum.Updated, sum.Removed = len(p.Add), len(p.Update), len(p.Remove)
	if len(r.errs) > 0 {
		return sum, fmt.Errorf("%w:\n%w", ErrSomeFailed, errors.Join(r.errs...))
	}
	return sum, nil
}

// tooMany reports whether removing n of the stored documents is more than
// half of them, or all of them.
func tooMany(n, stored int) bool {
	return n > 0 && (2*n > stored || n == stored)
}
