"""The one entry point: ``compare(docs) -> Report``. The CLI and the notebook call it too.

It resolves the settings, the inputs and the encoder; the stages themselves are the plain
functions of ``drift.pipeline``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from drift.config import Config, ModelSpec, resolve_config
from drift.documents import Document, document_from_text, load_document, make_unique_ids, names_a_file
from drift.encoders import Encoder, load_encoder
from drift.errors import DriftError
from drift.html_input import is_url
from drift.pipeline import run
from drift.report.base import Report

DocumentLike = Document | str | os.PathLike[str]


def as_documents(docs: Iterable[DocumentLike] | Any) -> list[Document]:
    """Documents from Document objects, paths, raw strings or a ``datasets.Dataset`` of articles.

    A string that names an existing file (text or HTML) or is an http(s) URL is read as one; any
    other string is the text itself.
    """
    if type(docs).__name__ == "Dataset" and hasattr(docs, "column_names"):
        from drift.documents import documents_from_dataset
        return documents_from_dataset(docs)
    documents: list[Document] = []
    for position, item in enumerate(docs):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, os.PathLike) or (isinstance(item, str) and "\n" not in item and len(item) < 4096
                                               and (names_a_file(item) or is_url(item))):
            documents.append(load_document(item))
        elif isinstance(item, str):
            documents.append(document_from_text(item, doc_id=f"doc{position}"))
        else:
            raise DriftError(f"cannot read a document from {type(item).__name__}")
    return make_unique_ids(documents)


def _reference_index(documents: Sequence[Document], reference: str | int | os.PathLike[str] | None) -> int:
    if reference is None:
        return 0
    if isinstance(reference, int):
        if not 0 <= reference < len(documents):
            raise DriftError(f"reference index {reference} is out of range")
        return reference
    wanted = str(reference)
    for i, doc in enumerate(documents):
        if doc.id == wanted or (doc.path and Path(doc.path).resolve() == Path(wanted).resolve()):
            return i
    stem = Path(wanted).stem
    for i, doc in enumerate(documents):
        if doc.id == stem:
            return i
    raise DriftError(f"reference '{wanted}' is not one of the versions given")


def compare(
    docs: Iterable[DocumentLike] | Any,
    *,
    reference: str | int | os.PathLike[str] | None = None,
    all_pairs: bool | None = None,
    config: Config | str | os.PathLike[str] | None = None,
    model: str | None = None,
    threshold: float | None = None,
    encoder: Encoder | None = None,
    progress: bool = False,
) -> Report:
    """Compare N versions of one story and return the Report (``.to_json()`` for the contract).

    ``reference`` is a document id, path or position (default: the first); with ``all_pairs``
    every pair of versions is compared once. ``model`` names a registry entry or a local
    sentence-transformers folder.
    """
    config = resolve_config(config, threshold=threshold, all_pairs=all_pairs)
    spec: ModelSpec = config.model_spec(model)

    documents = as_documents(docs)
    if len(documents) < 2:
        raise DriftError(f"need at least two versions to compare, got {len(documents)}")
    ref = _reference_index(documents, reference)
    # The reference goes first: it is the source side of every reference pair and the first column.
    documents = [documents[ref]] + documents[:ref] + documents[ref + 1:]

    encoder = encoder or load_encoder(spec, progress=progress)
    return run(documents, config, spec, encoder, model_label=model, progress=progress)


