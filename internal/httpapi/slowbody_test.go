package httpapi

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSlowBodyGetsAFixedMessage: a body that stops arriving is answered
// 400 invalid_body with a fixed message; the read error, which names the
// socket addresses, is not sent (issue 17).
func TestSlowBodyGetsAFixedMessage(t *testing.T) {
	f := newFixture(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: f.srv.Config.Handler, ReadTimeout: 300 * time.Millisecond}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "POST /v1/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"question\":")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(body), `"the body could not be read"`) || strings.Contains(string(body), "127.0.0.1") {
		t.Errorf("slow body: %d %s; want 400 invalid_body with the fixed message only", resp.StatusCode, body)
	}
}
