package console

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/cantho-connect/assistant/internal/store"
)

// CookieName is the session cookie: 256 random bits, base64url; the
// database holds only their SHA-256.
const CookieName = "console_session"

// userHandler is a console handler that runs for a signed-in user.
type userHandler func(w http.ResponseWriter, r *http.Request, u store.ConsoleUser)

// page runs h for a live session; without one a GET is redirected to
// /console/signin and any other method too, with nothing done (303, so
// that the browser follows with a GET).
func (c *Console) page(h userHandler) http.Handler {
	return c.withSession(h, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
	})
}

// api runs h for a live session; without one it answers 401 in the JSON
// error shape.
func (c *Console) api(h userHandler) http.Handler {
	return c.withSession(h, func(w http.ResponseWriter, _ *http.Request) {
		writeJSONError(w, http.StatusUnauthorized, "unauthorized", "sign in at /console/signin")
	})
}

// withSession runs h with the session's user; without a live session it
// clears the cookie and calls refuse, and h does nothing.
func (c *Console) withSession(h userHandler, refuse http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok, err := c.session(r)
		if err != nil {
			c.internal(w, r, err)
			return
		}
		if !ok {
			c.clearCookie(w)
			refuse(w, r)
			return
		}
		c.noStore(w)
		h(w, r, u)
	})
}

// session is the user of the request's session cookie; ok is false when
// there is no cookie or the session has ended or expired.
func (c *Console) session(r *http.Request) (u store.ConsoleUser, ok bool, err error) {
	hash, found := sessionHash(r)
	if !found {
		return store.ConsoleUser{}, false, nil
	}
	u, err = c.store.TouchConsoleSession(r.Context(), hash, c.cfg.IdleTimeout, c.cfg.MaxAge, c.now())
	if errors.Is(err, store.ErrNotFound) {
		return store.ConsoleUser{}, false, nil
	}
	return u, err == nil, err
}

// sessionHash is the SHA-256 of the cookie's id; found is false when
// there is no well-formed cookie.
func sessionHash(r *http.Request) ([]byte, bool) {
	ck, err := r.Cookie(CookieName)
	if err != nil {
		return nil, false
	}
	id, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(id) != 32 {
		return nil, false
	}
	sum := sha256.Sum256(id)
	return sum[:], true
}

func (c *Console) setCookie(w http.ResponseWriter, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: value, Path: "/console", MaxAge: maxAge,
		HttpOnly: true, Secure: c.cfg.SecureCookie, SameSite: http.SameSiteLaxMode})
}

func (c *Console) clearCookie(w http.ResponseWriter) { c.setCookie(w, "", -1) }

func (c *Console) noStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

func (c *Console) handleSignInPage(w http.ResponseWriter, r *http.Request) {
	c.noStore(w)
	c.render(w, r, http.StatusOK, "signin", signInView{})
}

type signInView struct {
	Name, Error string
}

// handleSignIn checks the name and password and starts a session. A
// wrong name, a wrong password and a disabled account get the same 401
// and the same work; over a rate limit, 429 before any check. Nothing but
// the rate counters is written unless the sign-in succeeds.
func (c *Console) handleSignIn(w http.ResponseWriter, r *http.Request) {
	c.noStore(w)
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("name")))
	if len(name) > 64 { // longer than any account name (console_users.name)
		name = name[:64]
	}
	pw := r.PostFormValue("password")
	addr := c.keys.Key(r)
	if wait, limited, err := c.overLimit(r, name, addr); err != nil {
		c.internal(w, r, err)
		return
	} else if limited {
		w.Header().Set("Retry-After", strconv.Itoa(wait))
		c.render(w, r, http.StatusTooManyRequests, "signin", signInView{Name: name,
			Error: "Too many sign-in attempts. Wait " + strconv.Itoa((wait+59)/60) + " minutes and try again."})
		return
	}
	u, err := c.store.ConsoleUserByName(r.Context(), name)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		c.internal(w, r, err)
		return
	}
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		hash = c.dummyHash
	}
	if !VerifyPassword(hash, pw) || err != nil || u.Disabled {
		c.render(w, r, http.StatusUnauthorized, "signin", signInView{Name: name, Error: "Wrong name or password."})
		return
	}
	id := make([]byte, 32)
	_, _ = rand.Read(id) // crypto/rand.Read never fails on supported systems
	sum := sha256.Sum256(id)
	if err := c.store.StartConsoleSession(r.Context(), sum[:], u, addr); err != nil {
		c.internal(w, r, err)
		return
	}
	c.setCookie(w, base64.RawURLEncoding.EncodeToString(id), 0)
	http.Redirect(w, r, "/console/ask", http.StatusSeeOther)
}

// overLimit counts a sign-in attempt against the account and the address
// and says whether either is over its limit, and for how many seconds.
func (c *Console) overLimit(r *http.Request, name, addr string) (wait int, limited bool, err error) {
	now := c.now()
	for _, k := range []struct {
		key   string
		limit int
	}{{"console-signin:addr:" + addr, c.cfg.AddressLimit}, {"console-signin:user:" + name, c.cfg.AccountLimit}} {
		n, reset, err := c.store.CountHit(r.Context(), k.key, c.cfg.SignInWindow, now)
		if err != nil {
			return 0, false, err
		}
		if n > k.limit {
			return max(1, int(reset.Sub(now).Seconds()+0.5)), true, nil
		}
	}
	return 0, false, nil
}

// handleSignOut ends the session (audited) and returns to sign-in.
func (c *Console) handleSignOut(w http.ResponseWriter, r *http.Request, _ store.ConsoleUser) {
	if hash, ok := sessionHash(r); ok {
		if err := c.store.EndConsoleSession(r.Context(), hash, c.keys.Key(r)); err != nil {
			c.internal(w, r, err)
			return
		}
	}
	c.clearCookie(w)
	http.Redirect(w, r, "/console/signin", http.StatusSeeOther)
}
