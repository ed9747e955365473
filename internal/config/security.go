package config

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
)

// loadSecurity reads TRUSTED_PROXIES and LOG_HASH_KEY into c, and refuses
// the removed TRUST_X_FORWARDED_FOR, naming its replacement. It returns
// one error per bad variable.
func (c *Config) loadSecurity(get func(k, def string) string) []error {
	var errs []error
	if v := get("TRUST_X_FORWARDED_FOR", ""); v != "" {
		errs = append(errs, fmt.Errorf("TRUST_X_FORWARDED_FOR=%q: no longer read; list your reverse proxies' networks in TRUSTED_PROXIES instead, such as 10.0.0.0/8,192.168.1.7", v))
	}
	var err error
	if c.TrustedProxies, err = parsePrefixes(get("TRUSTED_PROXIES", "")); err != nil {
		errs = append(errs, fmt.Errorf("TRUSTED_PROXIES: %w", err))
	}
	if c.LogHashKey = get("LOG_HASH_KEY", ""); c.LogHashKey != "" && len(c.LogHashKey) < 16 {
		errs = append(errs, errors.New("LOG_HASH_KEY: use at least 16 characters (or leave it unset for a random key per start)"))
	}
	return errs
}

// parsePrefixes reads comma-separated networks ("10.0.0.0/8") or single
// addresses ("192.168.1.7", a /32 or /128).
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return nil, fmt.Errorf("want comma-separated networks such as 10.0.0.0/8 or addresses, got %q", f)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
