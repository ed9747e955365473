package safety

import (
	"fmt"
	"io/fs"
	"slices"

	"go.yaml.in/yaml/v3"
)

// Contact is one entry of knowledge/contacts.yaml, the reviewed list of
// numbers and addresses the service may print.
type Contact struct {
	Value               string   `yaml:"value"` // exactly as printed, e.g. "+84 981 84 84 84"
	Kind                string   `yaml:"kind"`  // phone | web
	Name                string   `yaml:"name"`
	NameVI              string   `yaml:"name_vi"`
	Countries           []string `yaml:"countries"`  // ISO codes where it serves people; empty: anywhere
	Categories          []string `yaml:"categories"` // police, ambulance, fire, protection, labour, consular, helpline, information, children
	Charged             string   `yaml:"charged"`    // yes | no | unknown
	ReachableFromAbroad string   `yaml:"reachable_from_abroad"`
	Hours               string   `yaml:"hours"`
	Source              string   `yaml:"source"`
	Checked             string   `yaml:"checked"`
}

// Directory is the list of reviewed contacts.
type Directory struct {
	Contacts []Contact
}

// LoadDirectory reads contacts.yaml from fsys (the knowledge base).
func LoadDirectory(fsys fs.FS) (*Directory, error) {
	data, err := fs.ReadFile(fsys, "contacts.yaml")
	if err != nil {
		return nil, fmt.Errorf("safety: %w", err)
	}
	var doc struct {
		Contacts []Contact `yaml:"contacts"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("safety: contacts.yaml: %w", err)
	}
	return &Directory{Contacts: doc.Contacts}, nil
}

// find returns the phone contacts for country (exactly: an entry without
// countries is not "every country" here) in any of categories, in file
// order.
func (d *Directory) find(country string, categories ...string) []Contact {
	var out []Contact
	for _, c := range d.Contacts {
		if c.Kind != "phone" || !slices.Contains(c.Countries, country) {
			continue
		}
		for _, cat := range categories {
			if slices.Contains(c.Categories, cat) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// protection is the consular citizen protection hotline: a phone entry in
// the protection and consular categories that serves people anywhere (no
// countries, or Vietnam's) and can be reached from abroad. An embassy's
// own hotline serves its country only (find with "consular").
func (d *Directory) protection() []Contact {
	var out []Contact
	for _, c := range d.Contacts {
		anywhere := len(c.Countries) == 0 || slices.Contains(c.Countries, "VN")
		if c.Kind == "phone" && anywhere && slices.Contains(c.Categories, "protection") && slices.Contains(c.Categories, "consular") && c.ReachableFromAbroad != "no" {
			out = append(out, c)
		}
	}
	return out
}
