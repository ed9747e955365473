package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// Error is a failure a client can act on: an HTTP status, a stable
// machine-readable code and a message that is safe to show anyone.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// badJSON is the one code of every JSON decoding failure.
func badJSON(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_json", Message: fmt.Sprintf(format, args...)}
}

// DecodeJSON decodes exactly one JSON object from body into dst (a pointer
// to a struct), rejecting unknown fields. It returns nil or an *Error:
// 400 invalid_json for every malformed body (empty, not JSON, not an
// object, a field of the wrong type, an unknown field, data after the
// object) with a message naming the JSON field and the expected JSON type,
// never a Go type; 413 body_too_large when body was cut by
// http.MaxBytesReader. httpapi and the channels share it so that clients
// see one vocabulary.
func DecodeJSON(body io.Reader, dst any) error {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			return badJSON("the body must hold one JSON object; something follows it")
		}
		return nil
	}
	return decodeError(err)
}

// DecodeJSONBytes is DecodeJSON over a body already read.
func DecodeJSONBytes(body []byte, dst any) error { return DecodeJSON(bytes.NewReader(body), dst) }

func decodeError(err error) *Error {
	var tooBig *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &tooBig):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large", Message: fmt.Sprintf("the body is over %d bytes", tooBig.Limit)}
	case errors.Is(err, io.EOF):
		return badJSON("the body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badJSON("the body is not complete JSON: it ends before the object is closed")
	case errors.As(err, &syntaxErr):
		return badJSON("the body is not valid JSON (error at byte %d)", syntaxErr.Offset)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if i := strings.LastIndexByte(field, '.'); i >= 0 {
			field = field[i+1:]
		}
		if field == "" {
			return badJSON("the body must be a JSON object {…}, not %s", jsonKind(typeErr.Value))
		}
		return badJSON("%q must be %s", field, jsonType(typeErr.Type))
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return badJSON("unknown field %s: remove it (docs/api.md lists the fields)", f)
	}
	return badJSON("the body must be one JSON object")
}

// jsonKind names the JSON value an UnmarshalTypeError found ("array",
// "string", "number 5"…) as a client wrote it.
func jsonKind(v string) string {
	switch {
	case v == "array":
		return "an array"
	case v == "string":
		return "a string"
	case v == "bool":
		return "true or false"
	case strings.HasPrefix(v, "number"):
		return "a number"
	}
	return "another value"
}

// jsonType names the JSON type a Go type is decoded from.
func jsonType(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// decodeRequest checks the content type and decodes the body into dst,
// writing the error response and returning false when it is not
// acceptable.
func decodeRequest(w http.ResponseWriter, r *http.Request, log *slog.Logger, dst any) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		WriteError(w, r, log, &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "send the body as JSON with 'Content-Type: application/json'"})
		return false
	}
	if err := DecodeJSON(r.Body, dst); err != nil {
		WriteError(w, r, log, err)
		return false
	}
	return true
}

type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

var errInternal = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "something went wrong on our side; retry later"}

// WriteError writes err as the JSON body {"error":{"code","message"}}: an
// *Error as it is; anything else as 500 internal, logged with the request
// id (the client never sees it).
func WriteError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	var e *Error
	if !errors.As(err, &e) {
		log.LogAttrs(r.Context(), slog.LevelError, "request failed", slog.String("request_id", RequestID(r.Context())),
			slog.String("route", r.Pattern), slog.Any("err", err))
		e = errInternal
	}
	writeError(w, e.Status, e.Code, e.Message)
}

// logCause logs why a request failed, at warn (error for a 5xx other than
// 503), with the request id.
func logCause(ctx context.Context, log *slog.Logger, status int, code string, cause error) {
	level := slog.LevelWarn
	if status >= 500 && status != http.StatusServiceUnavailable {
		level = slog.LevelError
	}
	log.LogAttrs(ctx, level, "request failed", slog.String("request_id", RequestID(ctx)),
		slog.Int("status", status), slog.String("code", code), slog.Any("err", cause))
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	var b errorBody
	b.Error.Code, b.Error.Message = code, message
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
