// Package docs embeds the API description the service serves at
// /v1/openapi.yaml.
package docs

import _ "embed"

// OpenAPI is docs/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPI []byte
