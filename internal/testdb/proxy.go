package testdb

import (
	"io"
	"net"
	"sync"
	"testing"
)

// Proxy forwards TCP to a server; stopping it is an outage as a client
// sees one: open connections die and new ones are refused. Start brings it
// back on the same address.
type Proxy struct {
	tb     testing.TB
	target string
	mu     sync.Mutex
	addr   string
	ln     net.Listener
	conns  []net.Conn
}

// StartProxy listens on a free loopback port and forwards to target
// (host:port). It is stopped when the test ends.
func StartProxy(tb testing.TB, target string) *Proxy {
	p := &Proxy{tb: tb, target: target, addr: "127.0.0.1:0"}
	p.Start()
	tb.Cleanup(p.Stop)
	return p
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addr
}

// Start listens again (on the same address after a Stop).
func (p *Proxy) Start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.tb.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// Stop closes the listener and every connection.
func (p *Proxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
