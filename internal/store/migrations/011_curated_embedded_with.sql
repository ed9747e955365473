-- The embedder version (name, and for the concept embedder the glossary's
-- hash) each curated question vector was made with. `assistant index`
-- embeds again every question whose version differs from the configured
-- embedder's: a counsellor's verified answer stays matchable after an
-- embedder or glossary change that keeps the dimension. '' is unknown
-- (vectors stored before this column, or by the console).
ALTER TABLE curated_questions ADD COLUMN embedded_with text NOT NULL DEFAULT '';
