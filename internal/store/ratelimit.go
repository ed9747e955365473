package store

import (
	"context"
	"time"
)

// CountHit adds one to key's counter for the fixed window containing now
// and returns the new count and when the window ends. Every replica shares
// the counters.
func (db *DB) CountHit(ctx context.Context, key string, window time.Duration, now time.Time) (count int, resetAt time.Time, err error) {
	start := now.Truncate(window)
	err = db.pool.QueryRow(ctx, `
		INSERT INTO rate_counters (key, window_start, count) VALUES ($1, $2, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
		RETURNING count`, key, start).Scan(&count)
	if err != nil {
		return 0, time.Time{}, wrap("count hit", err)
	}
	return count, start.Add(window), nil
}

// ForgetCountersBefore deletes counters of windows that started before t.
func (db *DB) ForgetCountersBefore(ctx context.Context, t time.Time) error {
	_, err := db.pool.Exec(ctx, `DELETE FROM rate_counters WHERE window_start < $1`, t)
	return wrap("forget rate counters", err)
}
