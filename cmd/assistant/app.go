package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/assistant"
	"github.com/cantho-connect/assistant/internal/config"
	"github.com/cantho-connect/assistant/internal/curated"
	"github.com/cantho-connect/assistant/internal/embed"
	"github.com/cantho-connect/assistant/internal/index"
	"github.com/cantho-connect/assistant/internal/openai"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/internal/safety"
	"github.com/cantho-connect/assistant/internal/store"
	"github.com/cantho-connect/assistant/knowledge"
	"github.com/cantho-connect/assistant/prompts"
)

var (
	errUsage = errors.New("usage")
	errHelp  = errors.New("help")
)

// parseFlags parses fs, accepting flags before and after the positional
// arguments ("ask "question" --json"); after "--" every word is positional.
// -h maps to errHelp, a bad flag to errUsage (the flag package has already
// printed why). fs.Args() holds the positional arguments in order.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return errHelp
			}
			return errUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// usageError is a usage mistake with its explanation; it matches errUsage
// (exit code 2) and prints as the explanation alone.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Unwrap() error { return errUsage }

// badUsage returns a usageError with the formatted explanation.
func badUsage(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// wantsHelp reports whether args ask for help (-h, -help, --help) before
// any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// app holds the parts every command shares.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	db       *store.DB
	embedder index.Embedder
	glossary *retrieve.Glossary
	llm      *answer.LLM // nil unless an OpenAI-compatible server is configured
	safety   *safety.Checker
	// cardThreshold, when above 0, overrides the curated match threshold
	// (eval --param curated.threshold=…).
	cardThreshold float64
	// noCards leaves curated answers out: composer-only answers (eval
	// --no-cards).
	noCards bool
	// retrieval tunes retrieval and the hand-off threshold: the defaults
	// with MIN_CONFIDENCE from the configuration (eval may override more).
	retrieval retrieve.Params
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// newApp loads the configuration and builds the database pool, embedder
// and glossary. The caller closes it.
func newApp(ctx context.Context, env func(string) string, logOut io.Writer) (*app, error) {
	cfg, err := config.Load(env)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: newLogger(cfg, logOut), retrieval: retrieve.DefaultParams()}
	a.retrieval.MinConfidence = cfg.MinConfidence
	if a.db, err = store.Open(ctx, cfg.DatabaseURL, 0); err != nil {
		return nil, err
	}
	if a.glossary, err = retrieve.LoadGlossary(knowledge.FS); err != nil {
		a.db.Close()
		return nil, err
	}
	switch cfg.EmbeddingProvider {
	case "openai":
		client := openai.New(openai.Config{BaseURL: cfg.OpenAIBaseURL, APIKey: cfg.OpenAIAPIKey,
			Timeout: 60 * time.Second, Retries: 4, Backoff: 500 * time.Millisecond})
		e, err := embed.NewOpenAI(ctx, embed.OpenAIConfig{Client: client, Model: cfg.EmbeddingModel})
		if err != nil {
			a.db.Close()
			return nil, err
		}
		a.embedder = e
	default:
		a.embedder = hashingEmbedder(a.glossary)
	}
	if a.safety, err = safety.Load(knowledge.FS); err != nil {
		a.db.Close()
		return nil, err
	}
	if cfg.LLMEnabled() {
		var promptFS fs.FS = prompts.FS
		if cfg.PromptsDir != "" {
			promptFS = os.DirFS(cfg.PromptsDir)
		}
		client := openai.New(openai.Config{BaseURL: cfg.OpenAIBaseURL, APIKey: cfg.OpenAIAPIKey,
			Timeout: cfg.LLMTimeout, Retries: 1, Backoff: 300 * time.Millisecond})
		a.llm, err = answer.NewLLM(answer.LLMConfig{Client: client, Model: cfg.LLMModel, Prompts: promptFS})
		if err != nil {
			a.db.Close()
			return nil, err
		}
	}
	return a, nil
}

// hashingEmbedder is the offline embedder: feature hashing with a feature
// per concept of g that a text names.
func hashingEmbedder(g *retrieve.Glossary) *embed.Hashing {
	return embed.NewHashingConcepts(embed.DefaultHashingDim, embed.Concepts{
		Mentions: g.ConceptMentions, Weight: embed.DefaultConceptWeight, Version: g.Version()})
}

// service builds the question-answering service on the app's parts.
func (a *app) service() *assistant.Service {
	s := &assistant.Service{
		Retriever: a.retriever(), Log: a.log, MinConfidence: a.retrieval.MinConfidence,
		Memory: a.db, Gaps: a.db, ConversationTTL: a.cfg.ConversationTTL, Safety: a.safety,
	}
	if a.llm != nil {
		s.LLM = a.llm
	}
	if !a.noCards {
		m := &curated.Matcher{DB: a.db, Embedder: a.embedder, Params: curated.DefaultParams(), NoCards: !a.cfg.AnswerCards,
			Concepts: a.glossary, Countries: a.safety}
		if a.cardThreshold > 0 {
			m.Params.Threshold = a.cardThreshold
		}
		s.Curated = m
	}
	return s
}

// loadCards loads the answer cards of tree into the store after its
// documents (ix.Run), and prints the summary to out when it is not nil.
func (a *app) loadCards(ctx context.Context, ix *index.Indexer, tree fs.FS, out io.Writer) error {
	sum, err := ix.LoadCards(ctx, tree)
	if err != nil {
		return err
	}
	if out != nil {
		fmt.Fprintln(out, sum)
	}
	a.log.Info("cards ready", slog.Int("stored", sum.Stored), slog.Int("unchanged", sum.Unchanged),
		slog.Int("retired", sum.Retired), slog.Int("vectors", sum.Embedded))
	return nil
}

func (a *app) Close() { a.db.Close() }

func (a *app) retriever() *retrieve.Retriever {
	return &retrieve.Retriever{DB: a.db, Embedder: a.embedder, Glossary: a.glossary, Params: a.retrieval, Log: a.log}
}

// checkIndex makes sure the database holds an index made with the
// configured embedder.
func (a *app) checkIndex(ctx context.Context) error {
	if err := a.db.CheckSchema(ctx); err != nil {
		return err
	}
	name, dim, ok, err := a.db.Embedder(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("the index is empty: run 'assistant index' first")
	}
	if name != a.embedder.Name() || dim != a.embedder.Dim() {
		return &store.ErrEmbedderMismatch{Have: name, HaveDim: dim, Want: a.embedder.Name(), WantDim: a.embedder.Dim()}
	}
	return nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
