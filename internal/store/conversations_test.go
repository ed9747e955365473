package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/cantho-connect/assistant/internal/testdb"
)

// A conversation started with its first turn answers follow-ups from that
// turn; later turns keep only the latest ones; another channel can add
// nothing to it; an id issued twice is refused and stores no second turn.
func TestConversationTurns(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testdb.New(t, "store_conversations"), 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const id = "c_0123456789abcdef0123456789abcdef"
	since := time.Now().Add(-time.Hour)
	first := Turn{Question: "phí dịch vụ tối đa?", Lang: "vi", DocumentIDs: []string{"labour-abroad-fees"}}
	if err := db.StartConversation(ctx, id, "http", first); err != nil {
		t.Fatal(err)
	}
	last, ok, err := db.LastTurn(ctx, id, since)
	if err != nil || !ok || last.Question != first.Question || !slices.Equal(last.DocumentIDs, first.DocumentIDs) {
		t.Fatalf("LastTurn after StartConversation = %+v, %v, %v; want the first turn", last, ok, err)
	}
	for _, q := range []string{"q2", "q3", "q4"} {
		if err := db.AddTurn(ctx, id, "http", Turn{Question: q, Lang: "vi", DocumentIDs: []string{}}, 2); err != nil {
			t.Fatal(err)
		}
	}
	if got := turnQuestions(t, db, id); !slices.Equal(got, []string{"q3", "q4"}) {
		t.Errorf("turns kept = %v; want the latest two, [q3 q4]", got)
	}
	err = db.AddTurn(ctx, id, "callcenter", Turn{Question: "other channel", Lang: "vi", DocumentIDs: []string{}}, 2)
	if !errors.Is(err, ErrNoConversation) {
		t.Errorf("AddTurn from another channel = %v; want ErrNoConversation", err)
	}
	if err := db.StartConversation(ctx, id, "http", Turn{Question: "again", Lang: "vi", DocumentIDs: []string{}}); err == nil {
		t.Error("StartConversation with an id in use succeeded; want an error")
	}
	if got := turnQuestions(t, db, id); !slices.Equal(got, []string{"q3", "q4"}) {
		t.Errorf("turns after the refused writes = %v; want [q3 q4] unchanged", got)
	}
}

func turnQuestions(t *testing.T, db *DB, id string) []string {
	t.Helper()
	var qs []string
	err := db.pool.QueryRow(context.Background(),
		`SELECT coalesce(array_agg(question ORDER BY ord), '{}') FROM turns WHERE conversation_id = $1`, id).Scan(&qs)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// The lazy commit of conversation writes stays with their own
// transaction: the connection goes back to the pool committing every
// other write (console audit, verified answers) durably.
func TestLazyCommitStaysWithItsTransaction(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, testdb.New(t, "store_lazy_commit"), 1)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const id = "c_fedcba9876543210fedcba9876543210"
	if err := db.StartConversation(ctx, id, "http", Turn{Question: "q", Lang: "vi", DocumentIDs: []string{}}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordUnanswered(ctx, Unanswered{Question: "q", Lang: "vi", Channel: "http", Reason: "low_confidence"}); err != nil {
		t.Fatal(err)
	}
	var setting string
	if err := db.pool.QueryRow(ctx, `SHOW synchronous_commit`).Scan(&setting); err != nil || setting != "on" {
		t.Errorf("synchronous_commit after lazy writes = %q, %v; want on", setting, err)
	}
}
