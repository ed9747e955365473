package main

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/retrieve"
)

// tuning is the parameters of one eval run.
type tuning struct {
	retrieve retrieve.Params
	answer   answer.Params
	curated  curatedParams
}

// curatedParams tune the curated answers in an eval run: off = 1 leaves
// them out (composer-only figures, as --no-cards).
type curatedParams struct {
	Off int `param:"off"`
	// Threshold overrides curated.DefaultParams().Threshold when above 0.
	Threshold float64 `param:"threshold"`
}

// param is one named tuning number: "retrieve.vector_weight" is the
// field of retrieve.Params tagged param:"vector_weight".
type param struct {
	name string
	v    reflect.Value // settable int or float64
}

// params lists t's fields by name, retrieve first, in declaration order.
func (t *tuning) params() []param {
	var out []param
	for _, s := range []struct {
		prefix string
		ptr    any
	}{{"retrieve", &t.retrieve}, {"answer", &t.answer}, {"curated", &t.curated}} {
		v := reflect.ValueOf(s.ptr).Elem()
		for i := range v.NumField() {
			if tag := v.Type().Field(i).Tag.Get("param"); tag != "" {
				out = append(out, param{name: s.prefix + "." + tag, v: v.Field(i)})
			}
		}
	}
	return out
}

func paramNames() []string {
	var t tuning
	var names []string
	for _, p := range t.params() {
		names = append(names, p.name)
	}
	return names
}

// errUnknownParam is returned for a name that is no parameter; the
// message lists the known ones.
var errUnknownParam = errors.New("unknown parameter")

// set sets one parameter from "name=value". A value must be a finite
// number ≥ 0, and a whole number for a count.
func (t *tuning) set(assignment string) error {
	name, value, ok := strings.Cut(assignment, "=")
	if !ok {
		return fmt.Errorf("%q: want NAME=VALUE; known names: %s", assignment, strings.Join(paramNames(), ", "))
	}
	name = strings.TrimSpace(name)
	for _, p := range t.params() {
		if p.name != name {
			continue
		}
		if p.v.Kind() == reflect.Int {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return fmt.Errorf("%s: %q is not a whole number ≥ 0 (known names: %s)", name, value, strings.Join(paramNames(), ", "))
			}
			p.v.SetInt(int64(n))
			return nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return fmt.Errorf("%s: %q is not a number ≥ 0 (known names: %s)", name, value, strings.Join(paramNames(), ", "))
		}
		p.v.SetFloat(f)
		return nil
	}
	return fmt.Errorf("%w %q; known names: %s", errUnknownParam, name, strings.Join(paramNames(), ", "))
}

// apply sets every assignment in order.
func (t *tuning) apply(assignments []string) error {
	for _, a := range assignments {
		if err := t.set(a); err != nil {
			return err
		}
	}
	return nil
}

// changed names the parameters that differ from their defaults, as
// "name=value (default d)", comma-separated; "defaults" when none does.
func (t *tuning) changed() string {
	def := tuning{retrieve: retrieve.DefaultParams(), answer: answer.DefaultParams()}
	defs := def.params()
	var out []string
	for i, p := range t.params() {
		if !p.v.Equal(defs[i].v) {
			out = append(out, fmt.Sprintf("%s=%v (default %v)", p.name, p.v, defs[i].v))
		}
	}
	if len(out) == 0 {
		return "defaults"
	}
	return strings.Join(out, ", ")
}

// paramFlags collects --param NAME=VALUE, checking each against the known
// parameters as it is parsed. It is a flag.Value.
type paramFlags []string

func (f *paramFlags) String() string { return strings.Join(*f, " ") }

func (f *paramFlags) Set(assignment string) error {
	var scratch tuning
	if err := scratch.set(assignment); err != nil {
		return err
	}
	*f = append(*f, assignment)
	return nil
}
