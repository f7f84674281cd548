"""Metadata inferred from a document's text alone: release date, publisher, the event (name, place,
dates). Pure functions over frozen records, shared by the index build and `verbatim extract`;
front matter and the registries always win over what is inferred here."""
from indexer.infer.document import infer_document
from indexer.infer.linking import cluster
from indexer.infer.records import DocumentFacts, EventFacts, EventKey, Place
from indexer.infer.speakers import PersonFacts, document_people

__all__ = ["infer_document", "cluster", "document_people", "DocumentFacts", "EventFacts", "EventKey", "Place",
           "PersonFacts"]
