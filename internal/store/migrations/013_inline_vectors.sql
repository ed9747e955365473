-- Keep vectors of up to 1,024 dimensions in their row, uncompressed
-- (storage PLAIN), instead of pgvector's default of a TOAST table: an exact
-- search reads every vector, and fetching each from TOAST was most of its
-- cost (chunks 2.3 → 0.75 ms, the 2,884 card questions 7.1 → 1.6 ms on the
-- shipped knowledge base; docs/benchmarks.md, "2026-12-01, late evening").
-- Larger vectors (12 KB at 3,072 dimensions) would not fit a page and keep
-- the default. store.inlineVectors does the same after a change of
-- dimension, which resets the storage; here the rows already written are
-- rewritten so that their vectors move into the row.
DO $$
BEGIN
    IF (SELECT atttypmod FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'embedding') BETWEEN 1 AND 1024 THEN
        ALTER TABLE chunks ALTER COLUMN embedding SET STORAGE PLAIN;
        UPDATE chunks SET embedding = embedding::real[]::vector;
    END IF;
    IF (SELECT atttypmod FROM pg_attribute WHERE attrelid = 'curated_questions'::regclass AND attname = 'embedding') BETWEEN 1 AND 1024 THEN
        ALTER TABLE curated_questions ALTER COLUMN embedding SET STORAGE PLAIN;
        UPDATE curated_questions SET embedding = embedding::real[]::vector WHERE embedding IS NOT NULL;
    END IF;
END $$;
