-- Each answer card tied to the chunk of its document it was written from,
-- one per language the document has: retrieval reaches a chunk through the
-- card questions nearest to a question (SearchCardChunks). `assistant
-- index` rewrites every tie after the documents and cards (index.TieCards);
-- a chunk rewritten by a document change takes its ties with it until then.
CREATE TABLE card_chunks (
    answer_id   text NOT NULL REFERENCES curated_answers (id) ON DELETE CASCADE,
    document_id text NOT NULL,
    lang        text NOT NULL,
    ord         int  NOT NULL,
    PRIMARY KEY (answer_id, lang),
    FOREIGN KEY (document_id, lang, ord) REFERENCES chunks (document_id, lang, ord) ON DELETE CASCADE
);
CREATE INDEX card_chunks_chunk_idx ON card_chunks (document_id, lang, ord);
