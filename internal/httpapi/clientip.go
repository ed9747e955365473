package httpapi

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientKeys finds who sent a request, for the rate limit: the peer
// address, or, when the peer is one of the trusted proxies, the right-most
// address of the forwarding chain that is not a trusted proxy. Entries
// left of it were written by the client and are never believed.
type ClientKeys struct {
	trusted []netip.Prefix
}

// NewClientKeys trusts the forwarding headers written by proxies in
// trusted (TRUSTED_PROXIES); with none, the peer address is the client.
func NewClientKeys(trusted []netip.Prefix) ClientKeys { return ClientKeys{trusted: trusted} }

// Key is the rate-limit key of r's client: an IPv4 address ("203.0.113.9")
// or an IPv6 /64 ("2001:db8:1:2::/64"), since one subscriber usually holds
// a whole /64. The chain is read from every X-Forwarded-For line in order
// or, when there is none, from the Forwarded header (RFC 7239 "for=").
// When every hop is trusted the left-most one is the client; an entry that
// is not an address stops the walk at the proxy that passed it on.
func (c ClientKeys) Key(r *http.Request) string {
	peer, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !c.isTrusted(peer) {
		return key(peer)
	}
	client := peer
	chain := forwardedChain(r.Header)
	for i := len(chain) - 1; i >= 0; i-- {
		a, ok := parseAddr(chain[i])
		if !ok {
			break
		}
		client = a
		if !c.isTrusted(a) {
			break
		}
	}
	return key(client)
}

func (c ClientKeys) isTrusted(a netip.Addr) bool {
	for _, p := range c.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// forwardedChain is the list of forwarded-for entries, oldest first:
// every X-Forwarded-For line, split at commas; or, without one, the "for"
// parameters of every Forwarded element.
func forwardedChain(h http.Header) []string {
	var out []string
	if lines := h.Values("X-Forwarded-For"); len(lines) > 0 {
		for _, l := range lines {
			for _, e := range strings.Split(l, ",") {
				out = append(out, strings.TrimSpace(e))
			}
		}
		return out
	}
	for _, l := range h.Values("Forwarded") {
		for _, elem := range strings.Split(l, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				if strings.EqualFold(k, "for") {
					out = append(out, strings.Trim(v, `"`))
				}
			}
		}
	}
	return out
}

// parseAddr reads "203.0.113.9", "203.0.113.9:443", "2001:db8::1",
// "[2001:db8::1]:443" or "[2001:db8::1]"; IPv4-mapped IPv6 is unmapped and
// zones are dropped.
func parseAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

func key(a netip.Addr) string {
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
