package httpapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestClientKeys(t *testing.T) {
	prefixes := func(ss ...string) []netip.Prefix {
		var out []netip.Prefix
		for _, s := range ss {
			out = append(out, netip.MustParsePrefix(s))
		}
		return out
	}
	oneProxy := prefixes("10.0.0.5/32")
	twoProxies := prefixes("10.0.0.0/24", "192.168.7.0/24")
	for _, tt := range []struct {
		name      string
		trusted   []netip.Prefix
		peer      string
		xff       []string // X-Forwarded-For lines
		forwarded []string
		want      string
	}{
		{"no proxy: the peer, headers ignored", nil, "198.51.100.7:5000", []string{"1.2.3.4"}, nil, "198.51.100.7"},
		{"untrusted peer: headers ignored", oneProxy, "198.51.100.7:5000", []string{"1.2.3.4"}, nil, "198.51.100.7"},
		{"one proxy", oneProxy, "10.0.0.5:40000", []string{"198.51.100.7"}, nil, "198.51.100.7"},
		{"one proxy, client prepends a fake", oneProxy, "10.0.0.5:40000", []string{"6.6.6.6, 198.51.100.7"}, nil, "198.51.100.7"},
		// The fault of issue 17: the client sends its own line; the proxy
		// appends its line after it. Every line counts, in order.
		{"one proxy, client sends its own line", oneProxy, "10.0.0.5:40000", []string{"6.6.6.6", "198.51.100.7"}, nil, "198.51.100.7"},
		{"two proxies", twoProxies, "10.0.0.9:40000", []string{"198.51.100.7, 192.168.7.3"}, nil, "198.51.100.7"},
		{"two proxies, fakes on the left", twoProxies, "10.0.0.9:40000", []string{"6.6.6.6, 7.7.7.7", "198.51.100.7, 192.168.7.3"}, nil, "198.51.100.7"},
		{"two proxies, client claims a trusted address", twoProxies, "10.0.0.9:40000", []string{"10.0.0.1, 198.51.100.7, 192.168.7.3"}, nil, "198.51.100.7"},
		{"every hop trusted: the left-most", twoProxies, "10.0.0.9:40000", []string{"192.168.7.3"}, nil, "192.168.7.3"},
		{"proxy sent no header", oneProxy, "10.0.0.5:40000", nil, nil, "10.0.0.5"},
		{"garbage stops at the proxy", oneProxy, "10.0.0.5:40000", []string{"198.51.100.7, not-an-ip"}, nil, "10.0.0.5"},
		{"address with port", oneProxy, "10.0.0.5:40000", []string{"198.51.100.7:1234"}, nil, "198.51.100.7"},
		{"IPv6 keyed by /64", oneProxy, "10.0.0.5:40000", []string{"2001:db8:1:2:aaaa::1"}, nil, "2001:db8:1:2::/64"},
		{"IPv6 peer keyed by /64", nil, "[2001:db8:1:2:bbbb::9]:5000", nil, nil, "2001:db8:1:2::/64"},
		{"IPv4-mapped peer", nil, "[::ffff:198.51.100.7]:5000", nil, nil, "198.51.100.7"},
		{"Forwarded header", oneProxy, "10.0.0.5:40000", nil, []string{`for=6.6.6.6, for="[2001:db8:cafe::17]:4711";proto=https`}, "2001:db8:cafe::/64"},
		{"Forwarded, two proxies", twoProxies, "10.0.0.9:40000", nil, []string{"for=6.6.6.6", "for=198.51.100.7;by=192.168.7.3, for=192.168.7.3"}, "198.51.100.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodPost, "/v1/ask", nil)
			r.RemoteAddr = tt.peer
			for _, l := range tt.xff {
				r.Header.Add("X-Forwarded-For", l)
			}
			for _, l := range tt.forwarded {
				r.Header.Add("Forwarded", l)
			}
			if got := NewClientKeys(tt.trusted).Key(r); got != tt.want {
				t.Errorf("key %q, want %q", got, tt.want)
			}
		})
	}
}

// Two addresses of one IPv6 /64 share one budget.
func TestRateLimitKeysIPv6ByPrefix(t *testing.T) {
	l := NewRateLimiter(1, 60e9)
	keys := NewClientKeys(nil)
	for i, peer := range []string{"[2001:db8:1:2::1]:1", "[2001:db8:1:2:ffff::2]:1"} {
		r, _ := http.NewRequest(http.MethodPost, "/v1/ask", nil)
		r.RemoteAddr = peer
		if ok, _ := l.Allow(keys.Key(r)); ok != (i == 0) {
			t.Errorf("request %d from %s: allowed %v", i+1, peer, ok)
		}
	}
}

// The fault of issue 17 over HTTP: behind a trusted proxy, a client that
// sends its own X-Forwarded-For line each time still has one budget.
func TestRateLimitBehindAProxyCannotBeDodged(t *testing.T) {
	f := newFixture(t)
	ts := httptest.NewServer(f.srv.Config.Handler.(*Server).LimitAsk(3, []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}))
	defer ts.Close()
	through := 0
	for i := range 6 {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/v1/ask", strings.NewReader(`{"question":"visa exemption"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Add("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i)) // the client's own line
		req.Header.Add("X-Forwarded-For", "198.51.100.7")                 // the proxy's
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			through++
		}
	}
	if through != 3 {
		t.Errorf("%d of 6 requests went through with a limit of 3", through)
	}
}
