package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/httpapi"
	"github.com/cantho-connect/assistant/internal/store"
)

// prepState is what serve's background preparation has reached: prepared
// once the schema is migrated and the index built; dbDown while the last
// attempt failed because the database could not be reached.
type prepState struct {
	prepared atomic.Bool
	dbDown   atomic.Bool
}

// ready is /readyz: nil, or a reason safe to show anyone (the database
// being unreachable is told apart from the index being prepared).
func (st *prepState) ready(a *app) httpapi.ReadyFunc {
	return func(ctx context.Context) error {
		if !st.prepared.Load() {
			if st.dbDown.Load() {
				return &httpapi.NotReadyError{Reason: httpapi.DatabaseDown}
			}
			return &httpapi.NotReadyError{Reason: "the index is being prepared"}
		}
		s, err := a.db.Status(ctx)
		if err != nil {
			return err
		}
		if s.Documents == 0 {
			return &httpapi.NotReadyError{Reason: "the index is empty"}
		}
		return nil
	}
}

// dbAwareAsker marks the "not prepared yet" refusals of the service as a
// database outage (store.ErrUnavailable) while preparation is failing for
// that reason, so /v1/ask tells the client which of the two it is.
type dbAwareAsker struct {
	svc *assistant.Service
	st  *prepState
}

func (d dbAwareAsker) Ask(ctx context.Context, q assistant.Query) (assistant.Answer, error) {
	ans, err := d.svc.Ask(ctx, q)
	if errors.Is(err, assistant.ErrUnavailable) && !errors.Is(err, store.ErrUnavailable) && d.st.dbDown.Load() {
		err = fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return ans, err
}

// SafetyOnly is the service's: past the rate limit, a person in danger
// still gets the safety steps (httpapi.SafetyAnswerer).
func (d dbAwareAsker) SafetyOnly(q assistant.Query) (assistant.Answer, bool) {
	return d.svc.SafetyOnly(q)
}
