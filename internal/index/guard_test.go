package index

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantho-connect/assistant/internal/embed"
)

func fourDocs() fstest.MapFS {
	return fstest.MapFS{
		"labour/fees.en.md":     doc("fees", "en", "Fees", "## Fee\nThe service fee is capped."),
		"labour/fees.vi.md":     doc("fees", "vi", "Chi phí", "## Phí\nTiền dịch vụ có mức trần."),
		"labour/deposit.en.md":  doc("deposit", "en", "Deposit", "## Deposit\nThe deposit is returned with interest."),
		"labour/training.en.md": doc("training", "en", "Training", "## Training\nOrientation comes before departure."),
	}
}

func storedCount(t *testing.T, ix *Indexer) int {
	t.Helper()
	docs, err := ix.DB.ListDocuments(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(docs)
}

func TestGuardKeepsTheIndexWhenMostDocumentsWouldGo(t *testing.T) {
	ctx := context.Background()
	ix, _ := newIndexer(t, "index_guard", embed.NewHashing(64))
	if _, err := ix.Run(ctx, fourDocs(), false); err != nil {
		t.Fatal(err)
	}
	ix.Guard = true
	for name, tree := range map[string]fstest.MapFS{
		"an empty folder":    {},
		"three of four gone": {"labour/fees.en.md": fourDocs()["labour/fees.en.md"]},
	} {
		_, err := ix.Run(ctx, tree, false)
		if !errors.Is(err, ErrTooManyRemoved) {
			t.Fatalf("%s: err = %v, want ErrTooManyRemoved", name, err)
		}
		if n := storedCount(t, ix); n != 4 {
			t.Errorf("%s: %d documents left, want all 4", name, n)
		}
		want := map[string]string{"an empty folder": "remove 4 of the 4", "three of four gone": "remove 3 of the 4"}[name]
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q does not say %q", name, err, want)
		}
	}
	// A rebuild from an empty folder is refused too.
	if _, err := ix.Run(ctx, fstest.MapFS{}, true); !errors.Is(err, ErrTooManyRemoved) || storedCount(t, ix) != 4 {
		t.Errorf("rebuild from an empty folder: %v, %d left", err, storedCount(t, ix))
	}
	// Half is allowed.
	half := fourDocs()
	delete(half, "labour/deposit.en.md")
	delete(half, "labour/training.en.md")
	if sum, err := ix.Run(ctx, half, false); err != nil || sum.Removed != 2 {
		t.Fatalf("removing half: %s, %v", sum, err)
	}
	// Pruning (Guard off) removes everything when asked to.
	ix.Guard = false
	if sum, err := ix.Run(ctx, fstest.MapFS{}, false); err != nil || sum.Removed != 2 || storedCount(t, ix) != 0 {
		t.Errorf("prune: %s, %v", sum, err)
	}
}

func TestDryRunNamesTheChangesAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	ix, _ := newIndexer(t, "index_dry_run", embed.NewHashing(64))
	if _, err := ix.Run(ctx, fourDocs(), false); err != nil {
		t.Fatal(err)
	}
	tree := fourDocs()
	delete(tree, "labour/training.en.md")
	tree["labour/fees.en.md"] = doc("fees", "en", "Fees", "## Fee\nThe fee is at most three months of salary.")
	tree["labour/return.en.md"] = doc("return", "en", "Return", "## Return\nRegister when you come home.")
	ix.DryRun = true
	sum, err := ix.Run(ctx, tree, false)
	if err != nil {
		t.Fatal(err)
	}
	p := sum.Plan
	if p == nil || strings.Join(p.Add, ",") != "return.en labour/return.en.md" ||
		strings.Join(p.Update, ",") != "fees.en labour/fees.en.md" || strings.Join(p.Remove, ",") != "training.en labour/training.en.md" {
		t.Fatalf("plan: %+v", p)
	}
	if !strings.Contains(sum.String(), "would add 1, update 1, remove 1; 2 unchanged") {
		t.Errorf("summary: %s", sum)
	}
	ix.DryRun = false
	sum, err = ix.Run(ctx, tree, false)
	if err != nil || sum.Added != 1 || sum.Updated != 1 || sum.Removed != 1 {
		t.Errorf("the dry run wrote something: the real run did %s, %v", sum, err)
	}
}
