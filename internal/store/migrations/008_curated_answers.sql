-- Curated answers: short answers a person reviewed, searched before any
-- answer is composed. kind 'card' comes from knowledge/<topic>/*.cards.yaml
-- (approved when indexed, retired when removed from the files, never
-- expiring); kind 'verified' is a counsellor's correction (a draft until an
-- editor approves it, then answering until expires_at).
CREATE TABLE curated_answers (
    id             text        PRIMARY KEY,
    kind           text        NOT NULL CHECK (kind IN ('card', 'verified')),
    state          text        NOT NULL CHECK (state IN ('draft', 'approved', 'retired')),
    question_vi    text        NOT NULL DEFAULT '',
    question_en    text        NOT NULL DEFAULT '',
    paraphrases_vi text[]      NOT NULL DEFAULT '{}',
    paraphrases_en text[]      NOT NULL DEFAULT '{}',
    answer_vi      text        NOT NULL DEFAULT '',
    answer_en      text        NOT NULL DEFAULT '',
    source_ids     text[]      NOT NULL DEFAULT '{}',
    author         text        NOT NULL DEFAULT '',
    approver       text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    approved_at    timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz,
    -- hash of a card's file content, so that unchanged cards are not re-embedded
    content_hash   text        NOT NULL DEFAULT '',
    CHECK (question_vi <> '' OR question_en <> ''),
    CHECK (answer_vi <> '' OR answer_en <> ''),
    CHECK (state <> 'approved' OR approved_at IS NOT NULL),
    CHECK (kind = 'verified' OR expires_at IS NULL)
);
CREATE INDEX curated_answers_state_idx ON curated_answers (state, kind);
CREATE SEQUENCE curated_verified_seq;

-- One row per question or paraphrase and language, searched like chunks.
-- embedding has no dimension here: the indexer fixes it to the embedder's
-- (store.UseCuratedDim), builds the HNSW index then, and fills the rows
-- left NULL (new verified answers, or all rows after a change of embedder).
CREATE TABLE curated_questions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    answer_id   text     NOT NULL REFERENCES curated_answers (id) ON DELETE CASCADE,
    lang        text     NOT NULL CHECK (lang IN ('vi', 'en')),
    text        text     NOT NULL,
    canonical   boolean  NOT NULL DEFAULT false,
    search_text text     NOT NULL,
    tsv         tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple', search_text))) STORED,
    embedding   vector,
    UNIQUE (answer_id, lang, text)
);
CREATE INDEX curated_questions_tsv_idx ON curated_questions USING gin (tsv);
CREATE INDEX curated_questions_answer_idx ON curated_questions (answer_id);
