package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cantho-connect/assistant/internal/answer"
	"github.com/cantho-connect/assistant/internal/retrieve"
	"github.com/cantho-connect/assistant/knowledge"
)

// evalQuestion is one line of an evaluation set.
type evalQuestion struct {
	Question string   `json:"question"`
	Lang     string   `json:"lang"`
	Kind     string   `json:"kind"`
	Expected []string `json:"expected"`
	// Fact is a short text a correct answer contains, in the answer's language.
	Fact string `json:"fact,omitempty"`
	// Clean, in the input-robustness set, is the same question typed
	// cleanly: its kind ("nfd", "telex", …) says how this one is typed.
	Clean string `json:"clean,omitempty"`
}

const evalUsage = `usage: assistant eval [--set FILE|GLOB[,...]] [--misses] [--no-cards] [--param NAME=VALUE]...
       assistant eval --fit-rerank [--set FILE|GLOB[,...]]
       assistant eval --safety DIR
       assistant eval --smalltalk --set knowledge/eval/smalltalk.jsonl

Each line: {"question": "...", "lang": "vi|en", "kind": "...", "expected": ["doc-id"], "fact": "..."}.
Prints recall@1, recall@5, MRR and nDCG@10 per kind and overall for hybrid,
vector-only and text-only retrieval (each ending with the rerank),
the hand-off rate on out-of-scope questions, and latency; then scores the
answers themselves (expected fact present, right language, hand-offs, no
leaked configuration), how many were answered by a curated answer (card or
verified) and how many of those cite an expected document (card precision),
and their end-to-end latency; --no-cards gives the composer-only figures.
The first line names the
tuning parameters that differ from their defaults.

flags:`

// evalFlags are the eval command's flags.
type evalFlags struct {
	set       string
	safety    string
	smalltalk bool
	misses    bool
	params    paramFlags
	noCards   bool
	fitRerank bool
}

func parseEvalFlags(args []string, stderr io.Writer) (evalFlags, error) {
	var f evalFlags
	fset := flag.NewFlagSet("eval", flag.ContinueOnError)
	fset.StringVar(&f.set, "set", "", "evaluation set: JSONL files or globs of them, separated by commas (default: the embedded knowledge/eval/questions.jsonl)")
	fset.BoolVar(&f.fitRerank, "fit-rerank", false, "fit the learned rerank's weights on the set's in-scope questions (default: the training sets the weights in use were fitted on, from the repository's root) and print them, with recall@1 among the candidates before and after")
	fset.StringVar(&f.safety, "safety", "", "a folder of labelled safety sets (e.g. knowledge/eval/safety): measure danger recognition and safety answers instead")
	fset.BoolVar(&f.smalltalk, "smalltalk", false, "the set is small talk (knowledge/eval/smalltalk.jsonl): count knowledge-base answers instead")
	fset.BoolVar(&f.noCards, "no-cards", false, "leave curated answers (cards, verified answers) out: composer-only figures (also --param curated.off=1)")
	fset.BoolVar(&f.misses, "misses", false, "list the in-scope questions whose answer lacks the expected fact, and the curated answers that cite no expected document")
	fset.Var(&f.params, "param", "override a tuning parameter for this run, e.g. retrieve.vector_weight=0.6 or answer.max_words=200 (repeatable; -param help lists them)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, evalUsage)
		fset.PrintDefaults()
	}
	return f, parseFlags(fset, args, stderr)
}

func runEval(ctx context.Context, args []string, env func(string) string, stdout, stderr io.Writer) error {
	f, err := parseEvalFlags(args, stderr)
	if err != nil {
		return err
	}
	qs, err := loadEvalSet(f.set)
	if err != nil {
		return err
	}
	a, err := newApp(ctx, env, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.checkIndex(ctx); err != nil {
		return err
	}
	t := tuning{retrieve: a.retrieval, answer: answer.DefaultParams()}
	if err := t.apply(f.params); err != nil {
		return err // validated while parsing flags: not reached
	}
	a.retrieval = t.retrieve
	a.noCards = f.noCards || t.curated.Off == 1
	a.cardThreshold = t.curated.Threshold
	fmt.Fprintf(stdout, "params: %s\n\n", t.changed())
	if f.smalltalk {
		svc := a.service()
		svc.Memory, svc.Gaps = nil, nil
		return evalSmallTalk(ctx, svc, qs, stdout)
	}
	if f.fitRerank {
		if f.set == "" { // the embedded public set is for measuring, never for fitting
			if qs, err = loadEvalSet(strings.Join(retrieve.RerankTrainingSets, ",")); err != nil {
				return fmt.Errorf("%w (the training sets are named from the repository's root: run it there, or name the files with --set)", err)
			}
		}
		return fitRerank(ctx, a.retriever(), qs, stdout)
	}
	if f.safety != "" {
		svc := a.service()
		svc.Memory, svc.Gaps = nil, nil
		return evalSafety(ctx, svc, a.safety.Directory, f.safety, stdout)
	}
	return evalRun(ctx, a, t.answer, qs, f.misses, stdout)
}

// evalRun measures retrieval, then answers, and prints both reports.
func evalRun(ctx context.Context, a *app, ap answer.Params, qs []evalQuestion, misses bool, stdout io.Writer) error {
	rep, err := evaluate(ctx, a.retriever(), qs, a.retrieval.MinConfidence)
	if err != nil {
		return err
	}
	rep.print(stdout)
	svc := a.service()
	svc.Memory, svc.Gaps = nil, nil // an evaluation is not a conversation and leaves no gaps
	composer := "llm"
	if a.llm == nil {
		// The service's own fallback, with this run's parameters.
		svc.LLM, composer = answer.Extractive{Params: ap, Reader: new(answer.Reader)}, "extractive"
	}
	ans, err := evaluateAnswers(ctx, svc, qs)
	if err != nil {
		return err
	}
	if a.noCards {
		composer += ", no curated answers"
	}
	ans.composer = composer
	ans.print(stdout)
	if misses {
		ans.printMisses(stdout)
	}
	return nil
}

// loadEvalSet reads the embedded set when path is empty, else every file
// path matches: file names or globs such as "knowledge/eval/train/*.jsonl",
// separated by commas.
func loadEvalSet(path string) ([]evalQuestion, error) {
	if path == "" {
		f, err := knowledge.FS.Open("eval/questions.jsonl")
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return parseEvalSet(f, "eval/questions.jsonl")
	}
	var files []string
	for pattern := range strings.SplitSeq(path, ",") {
		matched, err := filepath.Glob(pattern)
		if err != nil {
			return nil, fmt.Errorf("--set %q: %w", pattern, err)
		}
		if len(matched) == 0 {
			return nil, fmt.Errorf("--set %q: no such file", pattern)
		}
		files = append(files, matched...)
	}
	var qs []evalQuestion
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		part, err := parseEvalSet(f, name)
		f.Close()
		if err != nil {
			return nil, err
		}
		qs = append(qs, part...)
	}
	return qs, nil
}

func parseEvalSet(r io.Reader, name string) ([]evalQuestion, error) {
	var qs []evalQuestion
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q evalQuestion
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&q); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", name, line, err)
		}
		if q.Question == "" || q.Kind == "" {
			return nil, fmt.Errorf("%s line %d: question and kind are required", name, line)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no questions", name)
	}
	return qs, nil
}
