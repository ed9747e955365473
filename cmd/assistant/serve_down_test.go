package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the server's log writes and the
// test's reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestServeWithTheDatabaseDownSaysSo(t *testing.T) {
	addr := freeAddr(t)
	env := envFor("postgres://assistant:SECRETPW@127.0.0.1:1/nothing?sslmode=disable", "HTTP_ADDR", addr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var log lockedBuffer
	go func() { done <- run(ctx, []string{"serve"}, env, &bytes.Buffer{}, &log) }()
	defer func() { cancel(); <-done }()

	base := "http://" + addr
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := tryGet(base + "/readyz")
		if code == http.StatusServiceUnavailable && strings.Contains(body, "the database is unreachable (check DATABASE_URL)") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz never said the database is unreachable: %d %s\nlog:\n%s", code, body, log.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	resp, err := http.Post(base+"/v1/ask", "application/json", strings.NewReader(`{"question":"visa"}`))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body.String(), "the database is unreachable (check DATABASE_URL)") {
		t.Errorf("/v1/ask with the database down: %d %s", resp.StatusCode, body.String())
	}
	logged := log.String()
	if !strings.Contains(logged, "the database is unreachable") || !strings.Contains(logged, `"database":"127.0.0.1:1"`) || !strings.Contains(logged, "DATABASE_URL") {
		t.Errorf("the prepare log does not name the database and its variable:\n%s", logged)
	}
	if strings.Contains(logged, "SECRETPW") || strings.Contains(body.String(), "SECRETPW") {
		t.Error("the database password is shown")
	}
}

func tryGet(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}
