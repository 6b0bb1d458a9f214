"""The Swedish knowledge index: model preparation, ingestion, embeddings, faiss index and hybrid search."""

import os

# Embedding on 2 shared cores: busy-waiting OpenMP threads make single queries 10x slower
# (see EMBEDDING-MODEL.md).
# Only effective when set before torch starts its thread pool, hence here.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
