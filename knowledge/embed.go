// Package knowledge embeds the knowledge base in the binary: the documents
// (<topic>/<id>.<lang>.md), the reviewed answer cards beside them
// (<topic>/<id>.cards.yaml, embedded with their topic folder), the glossary
// used for query expansion, the reviewed contact list, the safety lexicon
// and steps, and the public evaluation set.
package knowledge

import "embed"

// FS holds the knowledge tree, rooted at this folder.
//
//go:embed about cantho diaspora labour marriage glossary.tsv glossary-everyday.tsv synonyms.tsv contacts.yaml eval/questions.jsonl safety-lexicon.tsv safety-countries.tsv safety-steps.yaml
var FS embed.FS
