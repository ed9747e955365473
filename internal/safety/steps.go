package safety

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Checker recognises danger and says what to do: the lexicon, the reviewed
// contacts and the step templates of the knowledge base.
type Checker struct {
	*Lexicon
	Directory *Directory
	steps     map[string]map[string][]string // category → lang → steps
	family    map[string]map[string][]string // the same, addressed to a relative who writes
	lured     map[string]map[string][]string // "self" or "family" → lang → steps for a child being lured
	returned  map[string]map[string][]string // "self" or "family" → lang → steps for a trafficking survivor back in Vietnam
	missions  map[string]map[string]string   // country code or "default" → lang → name
	search    map[string]map[string]string   // category → lang → the words of the documents that help
}

// Load reads safety-lexicon.tsv, safety-countries.tsv, safety-steps.yaml
// and contacts.yaml from fsys (the knowledge base), and checks that every
// category has steps in both languages.
func Load(fsys fs.FS) (*Checker, error) {
	lex, err := LoadLexicon(fsys)
	if err != nil {
		return nil, err
	}
	dir, err := LoadDirectory(fsys)
	if err != nil {
		return nil, err
	}
	data, err := fs.ReadFile(fsys, "safety-steps.yaml")
	if err != nil {
		return nil, fmt.Errorf("safety: %w", err)
	}
	var doc struct {
		Missions map[string]map[string]string   `yaml:"missions"`
		Steps    map[string]map[string][]string `yaml:"steps"`
		Family   map[string]map[string][]string `yaml:"family_steps"`
		Lured    map[string]map[string][]string `yaml:"lured_steps"`
		Returned map[string]map[string][]string `yaml:"returned_steps"`
		Search   map[string]map[string]string   `yaml:"search"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("safety: safety-steps.yaml: %w", err)
	}
	if err := checkPlaceholders(doc.Steps, doc.Family, doc.Lured, doc.Returned); err != nil {
		return nil, err
	}
	for _, who := range []string{"self", "family"} {
		if len(doc.Lured[who]["vi"]) == 0 || len(doc.Lured[who]["en"]) == 0 {
			return nil, fmt.Errorf("safety: safety-steps.yaml: lured_steps: want %s steps in vi and en", who)
		}
		if adult := doc.Lured["adult_"+who]; len(adult) > 0 && (len(adult["vi"]) == 0 || len(adult["en"]) == 0) {
			return nil, fmt.Errorf("safety: safety-steps.yaml: lured_steps: want adult_%s steps in both vi and en, or none", who)
		}
		if len(doc.Returned[who]["vi"]) == 0 || len(doc.Returned[who]["en"]) == 0 {
			return nil, fmt.Errorf("safety: safety-steps.yaml: returned_steps: want %s steps in vi and en", who)
		}
	}
	for cat, langs := range doc.Family {
		if !slices.Contains(Categories, cat) || len(langs["vi"]) == 0 || len(langs["en"]) == 0 {
			return nil, fmt.Errorf("safety: safety-steps.yaml: family_steps %q: want a category with vi and en steps", cat)
		}
	}
	for _, lang := range []string{"vi", "en"} {
		if doc.Missions["default"][lang] == "" {
			return nil, fmt.Errorf("safety: safety-steps.yaml: no default %s name under missions", lang)
		}
	}
	for _, cat := range Categories {
		for _, lang := range []string{"vi", "en"} {
			if len(doc.Steps[cat][lang]) == 0 {
				return nil, fmt.Errorf("safety: safety-steps.yaml: no %s steps for %s", lang, cat)
			}
			if cat != "self_harm" && strings.TrimSpace(doc.Search[cat][lang]) == "" {
				return nil, fmt.Errorf("safety: safety-steps.yaml: no %s search words for %s", lang, cat)
			}
		}
	}
	return &Checker{Lexicon: lex, Directory: dir, steps: doc.Steps, family: doc.Family, lured: doc.Lured, returned: doc.Returned, missions: doc.Missions, search: doc.Search}, nil
}

// placeholderRE finds a "{name}" in a step; "{mission}" is the only one.
var placeholderRE = regexp.MustCompile(`\{[^}]*\}`)

// checkPlaceholders refuses a step with a placeholder other than
// "{mission}" ("{misson}" would reach a person in danger as written).
func checkPlaceholders(sets ...map[string]map[string][]string) error {
	for _, set := range sets {
		for cat, langs := range set {
			for lang, steps := range langs {
				for _, step := range steps {
					for _, m := range placeholderRE.FindAllString(step, -1) {
						if m != "{mission}" {
							return fmt.Errorf("safety: safety-steps.yaml: %s %s step %q: unknown placeholder %s; the only one is {mission}", cat, lang, step, m)
						}
					}
				}
			}
		}
	}
	return nil
}

// Mission names Vietnam's mission in country (ISO code, "" unknown) in
// lang: "the Vietnamese embassy", or the office that stands for one where
// there is no embassy (Taiwan: the Vietnam Economic and Cultural Office in
// Taipei).
func (c *Checker) Mission(country, lang string) string {
	if name := c.missions[country][lang]; name != "" {
		return name
	}
	return c.missions["default"][lang]
}

// Search is what to add to the searched text of a message about danger of
// category (see Categories) that found nothing reliable alone, in lang
// ("vi" or "en"): the words of the documents that help in that danger
// (safety-steps.yaml, search). "" for self-harm, whose answer quotes no
// document.
func (c *Checker) Search(category, lang string) string {
	return c.search[category][lang]
}

// stepsFor are the alert's steps in lang — addressed to the family when
// a relative writes and there are such steps, telling a child being lured
// (or the family) not to go, and a survivor of trafficking back in Vietnam
// (or the family) where to report and ask for support — with Vietnam's
// mission in its country named.
func (c *Checker) stepsFor(a Alert, lang string) []string {
	steps := c.steps[a.Category][lang]
	if fs := c.family[a.Category][lang]; a.ForFamily && len(fs) > 0 {
		steps = fs
	}
	who := "self"
	if a.ForFamily {
		who = "family"
	}
	switch {
	case a.Lured && !a.Minor && len(c.lured["adult_"+who][lang]) > 0:
		// An adult: no parents or teachers to tell, the licensed list.
		steps = c.lured["adult_"+who][lang]
	case a.Lured:
		steps = c.lured[who][lang]
	case a.Returned:
		steps = c.returned[who][lang]
	}
	var out []string
	for _, s := range steps {
		out = append(out, strings.ReplaceAll(s, "{mission}", c.Mission(a.Country, lang)))
	}
	return out
}

// Reply is what a person in danger is told first.
type Reply struct {
	Category, Country string
	Steps             []string  // in the order to take them, in the reply's language
	Contacts          []Contact // in the order to try them
	// ContactGap: the person is in a country for which the reviewed
	// contacts have no emergency number; the content team must add one.
	ContactGap bool
}

// Reply gives the steps for an alert in lang ("vi" or "en") and the
// numbers to call: the emergency number where the person is, the local
// helplines for the category, the embassy, and, for anyone who may be
// abroad, the consular citizen protection hotline. Self-harm gets the
// emergency numbers, and abroad the mission and the consular hotline.
// Every number comes from contacts.yaml.
func (c *Checker) Reply(a Alert, lang string) Reply {
	where := a.Country
	if where == "" || a.Returned {
		// A survivor back in Vietnam calls Vietnam's numbers, not those
		// of the country she was taken to.
		where = "VN"
	}
	d := c.Directory
	r := Reply{Category: a.Category, Country: a.Country, Steps: c.stepsFor(a, lang)}
	if a.Category == "self_harm" {
		r.Contacts = d.find(where, "ambulance", "police")
		if a.AlsoVN {
			// The writer is back in Vietnam: its numbers first.
			r.Contacts = dedupe(append(d.find("VN", "ambulance", "police"), r.Contacts...))
		}
		if len(r.Contacts) == 0 {
			r.ContactGap = true
		}
		if where != "VN" {
			// Abroad: Vietnam's mission there and the consular hotline
			// speak Vietnamese (ninth audit: a wife whose husband in Qatar
			// spoke of dying got no number in Qatar).
			r.Contacts = dedupe(append(append(r.Contacts, d.find(where, "consular")...), d.protection()...))
		}
		return r
	}
	police := d.find(where, "police")
	r.ContactGap = where != "VN" && len(police) == 0
	r.Contacts = append(r.Contacts, police...)
	switch a.Category {
	case "domestic_violence", "trafficking", "held":
		r.Contacts = append(r.Contacts, d.find(where, "protection", "helpline")...)
	case "forced_labour", "broker_fraud":
		r.Contacts = append(r.Contacts, d.find(where, "labour", "helpline")...)
	}
	if where != "VN" {
		r.Contacts = append(r.Contacts, d.find(where, "consular")...)
	}
	if a.AlsoVN || a.ForFamily && where != "VN" {
		if a.ForFamily {
			// A family writing about a relative abroad, at home as a
			// rule (their steps send them to the commune police): the
			// police where the relative is come first, then Vietnam's
			// (ninth audit: families in Sóc Trăng and Cần Thơ got no 113).
			r.Contacts = append(r.Contacts, d.find("VN", "police")...)
		} else {
			// The person in danger says they are in Vietnam.
			r.Contacts = append(d.find("VN", "police"), r.Contacts...)
		}
	}
	if a.Minor && (where == "VN" || a.ForFamily || a.AlsoVN) {
		// Someone under 18, and a writer who can call from Vietnam.
		r.Contacts = append(r.Contacts, d.find("VN", "children")...)
	}
	// Anyone who may be abroad gets the consular hotline: a named country
	// other than Vietnam, or none named (a broker's fraud is reported at
	// home).
	abroad := a.Country != "" && a.Country != "VN"
	if !a.Returned && (abroad || (a.Country == "" && a.Category != "broker_fraud")) {
		r.Contacts = append(r.Contacts, d.protection()...)
	}
	r.Contacts = dedupe(r.Contacts)
	return r
}

// dedupe keeps the first of contacts with the same number and name.
func dedupe(cs []Contact) []Contact {
	var out []Contact
	for _, c := range cs {
		if !slices.ContainsFunc(out, func(o Contact) bool { return o.Value == c.Value && o.Name == c.Name }) {
			out = append(out, c)
		}
	}
	return out
}

// DisplayName is the contact's name in lang.
func (c Contact) DisplayName(lang string) string {
	if lang == "vi" && c.NameVI != "" {
		return c.NameVI
	}
	return c.Name
}
