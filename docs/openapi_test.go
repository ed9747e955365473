package docs

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

func TestOpenAPIDescribesBothRoutesAndEveryError(t *testing.T) {
	var doc struct {
		OpenAPI string `yaml:"openapi"`
		Paths   map[string]map[string]struct {
			Responses map[string]any `yaml:"responses"`
		} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatalf("openapi.yaml: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	want := map[string][]string{
		"/v1/callcenter/suggest":  {"200", "400", "401", "409", "413", "415", "429", "500", "503"},
		"/v1/callcenter/feedback": {"200", "400", "401", "404", "413", "415", "429", "500", "503"},
	}
	for path, codes := range want {
		op, ok := doc.Paths[path]["post"]
		if !ok {
			t.Errorf("%s is not described", path)
			continue
		}
		for _, c := range codes {
			if _, ok := op.Responses[c]; !ok {
				t.Errorf("%s lacks response %s", path, c)
			}
		}
	}
}
