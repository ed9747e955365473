// Package prompts embeds the prompt templates of the LLM composer
// (text/template). A deployment may override them with files of the same
// names in PROMPTS_DIR.
package prompts

import "embed"

// FS holds the templates.
//
//go:embed *.tmpl
var FS embed.FS
