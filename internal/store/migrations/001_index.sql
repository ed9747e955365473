-- The knowledge index: documents, their chunks (vector + full text), the
-- embedder the vectors were made with, and term statistics for search.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE documents (
    id           text        NOT NULL,
    lang         text        NOT NULL CHECK (lang IN ('vi', 'en')),
    title        text        NOT NULL,
    topic        text        NOT NULL,
    audience     text[]      NOT NULL,
    sources      text[]      NOT NULL,
    as_of        date        NOT NULL,
    path         text        NOT NULL,
    content_hash text        NOT NULL,
    indexed_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, lang)
);

-- embedding has no dimension here: the indexer fixes it to the embedder's
-- dimension (ALTER ... TYPE vector(N)) and builds the HNSW index then.
CREATE TABLE chunks (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id text     NOT NULL,
    lang        text     NOT NULL,
    ord         int      NOT NULL,
    heading     text     NOT NULL,
    text        text     NOT NULL,
    -- folded, stemmed unigrams and joined bigrams, made by the indexer
    search_text text     NOT NULL,
    -- Without positions (no phrase search: bigrams do that job), so that a
    -- compressed tsvector mostly fits in the row and is cheap to read.
    tsv         tsvector GENERATED ALWAYS AS (strip(to_tsvector('simple', search_text))) STORED,
    embedding   vector   NOT NULL,
    FOREIGN KEY (document_id, lang) REFERENCES documents (id, lang) ON DELETE CASCADE,
    UNIQUE (document_id, lang, ord)
);
ALTER TABLE chunks ALTER COLUMN tsv SET STORAGE MAIN;
ALTER TABLE chunks ALTER COLUMN search_text SET STORAGE EXTERNAL;
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);

CREATE TABLE index_meta (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    embedder    text        NOT NULL,
    dim         int         NOT NULL CHECK (dim > 0),
    chunk_count int         NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Document frequency of every search term, refreshed after each index run;
-- search uses it to drop terms that match too much of the corpus.
CREATE TABLE term_stats (
    term text PRIMARY KEY,
    df   int  NOT NULL
);
