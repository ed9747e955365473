package console

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"

	"github.com/cantho-connect/assistant/internal/httpapi"
)

// csp allows only the console's own script and style: no inline code.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func parsePages() (*template.Template, error) {
	t, err := template.New("console").Funcs(template.FuncMap{
		"markers":  markers,
		"decision": func(id string, approve bool) map[string]any { return map[string]any{"ID": id, "Approve": approve} },
		"addQuestion": func(question string, live []curatedView) map[string]any {
			return map[string]any{"Question": question, "Live": live}
		},
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("console templates: %w", err)
	}
	return t, nil
}

// markers is "[1][2]" for citation numbers.
func markers(ns []int) string {
	var b strings.Builder
	for _, n := range ns {
		fmt.Fprintf(&b, "[%d]", n)
	}
	return b.String()
}

// pageData is what the layout needs besides the page's own view.
type pageData struct {
	Title string
	User  string // "" on pages seen without a session
	Role  string
	View  any
}

// render writes the page templates/<name>.html (which opens with the
// layout's "head" and ends with its "foot") with status. The page is rendered to
// a buffer first, so that a template error is a clean 500.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, view any) {
	c.renderAs(w, r, status, name, pageData{View: view})
}

// titles are the pages' titles, by template name.
var titles = map[string]string{"signin": "Sign in", "ask": "Ask", "error": "Error", "drafts": "Drafts", "newdraft": "New draft", "review": "Review"}

func (c *Console) renderAs(w http.ResponseWriter, r *http.Request, status int, name string, data pageData) {
	data.Title = titles[name]
	var buf bytes.Buffer
	if err := c.pages.ExecuteTemplate(&buf, name+".html", data); err != nil {
		c.log.LogAttrs(r.Context(), slog.LevelError, "console: render", slog.String("page", name),
			slog.String("request_id", httpapi.RequestID(r.Context())), slog.Any("err", err))
		http.Error(w, "something went wrong on our side; retry later", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type errorView struct {
	Status    int
	Code      string
	Message   string
	RequestID string
}

// fail writes an error the console's way: the JSON error shape for the
// JSON routes (/console/api/…), an HTML page for the others. It is also
// the httpapi.ErrorWriter of the console's routes (413, 405, 500…).
func (c *Console) fail(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if strings.HasPrefix(r.URL.Path, "/console/api/") {
		writeJSONError(w, status, code, message)
		return
	}
	if status == http.StatusRequestEntityTooLarge {
		message = "What was sent is too large (over " + fmt.Sprint(MaxFormBody>>10) + " KiB). Shorten the question and try again."
	}
	c.render(w, r, status, "error", errorView{Status: status, Code: code, Message: message, RequestID: httpapi.RequestID(r.Context())})
}

// internal logs err with the request id and answers 500 (503 while the
// database is down) without the cause.
func (c *Console) internal(w http.ResponseWriter, r *http.Request, err error) {
	c.log.LogAttrs(r.Context(), slog.LevelError, "console request failed",
		slog.String("request_id", httpapi.RequestID(r.Context())), slog.String("path", r.URL.Path), slog.Any("err", err))
	if unavailable(err) {
		w.Header().Set("Retry-After", "5")
		c.fail(w, r, http.StatusServiceUnavailable, "unavailable", "The service cannot reach its database right now. Try again in a moment.")
		return
	}
	c.fail(w, r, http.StatusInternalServerError, "internal", "Something went wrong on our side. Try again later.")
}

func writeJSONError(w http.ResponseWriter, status int, code, message string) {
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = code, message
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
