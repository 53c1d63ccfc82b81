"""The API tests share the search tests' fresh index fixtures."""

from tests.search.conftest import find, index_store, sync_index

__all__ = ["find", "index_store", "sync_index"]
