package knowledge

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// The allowed values of contacts.yaml fields (see the schema at the top of
// that file).
var (
	contactKinds      = []string{"phone", "web"}
	contactCategories = []string{"police", "ambulance", "fire", "protection", "labour", "consular", "helpline", "information", "children"}
	contactTristate   = []string{"yes", "no", "unknown"}
	countryCodeRE     = regexp.MustCompile(`^[A-Z]{2}$`)
)

// decodeContacts reads contacts.yaml strictly: an unknown field is an error.
func decodeContacts(data []byte) ([]contact, error) {
	var list struct {
		Contacts []contact `yaml:"contacts"`
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return list.Contacts, nil
}

// contactProblems returns what is missing or outside the allowed values in
// one entry, one message per problem; nil when the entry is complete.
func contactProblems(c contact) []string {
	var out []string
	need := func(ok bool, msg string) {
		if !ok {
			out = append(out, msg)
		}
	}
	need(c.Value != "", "value is missing")
	need(slices.Contains(contactKinds, c.Kind), fmt.Sprintf("kind %q, want one of %v", c.Kind, contactKinds))
	need(c.Name != "", "name is missing")
	need(c.NameVI == nil || strings.TrimSpace(*c.NameVI) != "", "name_vi is empty: leave it out or write the Vietnamese name")
	need(c.NameVI == nil || c.Kind == "phone", "name_vi is for phone entries only")
	need(c.Source != "", "source is missing")
	_, err := time.Parse(time.DateOnly, c.Checked)
	need(err == nil, fmt.Sprintf("checked %q, want a date YYYY-MM-DD", c.Checked))
	need(slices.Contains(contactTristate, c.Charged), fmt.Sprintf("charged %q, want one of %v", c.Charged, contactTristate))
	need(slices.Contains(contactTristate, c.ReachableFromAbroad), fmt.Sprintf("reachable_from_abroad %q, want one of %v", c.ReachableFromAbroad, contactTristate))
	need(c.Hours != nil, `hours is missing (write "" when unknown)`)
	need(c.Countries != nil, "countries is missing (write [] when it serves people anywhere)")
	if c.Countries != nil {
		for _, cc := range *c.Countries {
			need(countryCodeRE.MatchString(cc), fmt.Sprintf("country %q is not an ISO 3166-1 alpha-2 code", cc))
		}
	}
	need(c.Categories != nil, "categories is missing")
	if c.Categories != nil {
		need(len(*c.Categories) > 0 || c.Kind == "web", "categories is empty; only web entries may have none")
		for _, cat := range *c.Categories {
			need(slices.Contains(contactCategories, cat), fmt.Sprintf("category %q, want one of %v", cat, contactCategories))
		}
	}
	return out
}

// The schema check must catch a missing field and a value outside the
// allowed sets, and name the problem, or TestOnlyReviewedContacts proves
// nothing about the schema.
func TestContactSchemaCheck(t *testing.T) {
	good := `contacts:
  - value: "113"
    kind: phone
    name: police
    countries: [VN]
    categories: [police]
    charged: unknown
    reachable_from_abroad: no
    hours: "24/7"
    source: somewhere
    checked: 2026-11-29
`
	list, err := decodeContacts([]byte(good))
	if err != nil || len(list) != 1 {
		t.Fatalf("good entry: %v, %d entries", err, len(list))
	}
	if p := contactProblems(list[0]); len(p) > 0 {
		t.Errorf("false alarm on a complete entry: %q", p)
	}
	withVI, err := decodeContacts([]byte(strings.Replace(good, "    name: police\n", "    name: police\n    name_vi: cảnh sát\n", 1)))
	if err != nil || len(withVI) != 1 || withVI[0].NameVI == nil {
		t.Fatalf("entry with name_vi: %v", err)
	}
	if p := contactProblems(withVI[0]); len(p) > 0 {
		t.Errorf("false alarm on an entry with name_vi: %q", p)
	}
	bad := map[string][2]string{
		"missing hours":       {`    hours: "24/7"` + "\n", ""},
		"missing countries":   {"    countries: [VN]\n", ""},
		"bad country":         {"[VN]", "[Vietnam]"},
		"bad category":        {"[police]", "[emergency]"},
		"empty category":      {"[police]", "[]"},
		"bad charged":         {"charged: unknown", "charged: free"},
		"bad reachable":       {"reachable_from_abroad: no", "reachable_from_abroad: maybe"},
		"missing reachable":   {"    reachable_from_abroad: no\n", ""},
		"bad checked":         {"checked: 2026-11-29", "checked: recently"},
		"missing source":      {"    source: somewhere\n", ""},
		"bad kind":            {"kind: phone", "kind: fax"},
		"missing categories":  {"    categories: [police]\n", ""},
		"missing charged":     {"    charged: unknown\n", ""},
		"missing name":        {"    name: police\n", ""},
		"empty name_vi":       {"    name: police\n", "    name: police\n    name_vi: \"\"\n"},
		"name_vi on a web":    {"kind: phone\n    name: police\n", "kind: web\n    name: police\n    name_vi: cảnh sát\n"},
		"unknown extra field": {"    source:", "    free: yes\n    source:"},
	}
	for name, r := range bad {
		list, err := decodeContacts([]byte(strings.Replace(good, r[0], r[1], 1)))
		if err != nil {
			if name != "unknown extra field" {
				t.Errorf("%s: decode error %v, want the schema check to report it", name, err)
			}
			continue
		}
		if len(contactProblems(list[0])) == 0 {
			t.Errorf("%s: no problem reported", name)
		}
	}
}
