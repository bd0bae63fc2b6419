"""search words: the seniority and "c#" in the person search index (a rebuild)

- Each candidate's seniority becomes one word of their index row's headline
  (``0senioritysenior``: ``domain.search_query.seniority_word``), so that "senior nurse" is two
  index terms rather than a test of every nurse's profile (1.4–1.8 s on enter at 1M before).
- "c#", "c++", "f#" and ".net" are held spelled in letters ("csharp": ``domain.search_query.spelled``);
  the tokenizer made "C#" the word "c".
- PostgreSQL: ``person_fts_words``, every word of the index's name, headline, skills, employer
  and location columns with how many people hold it, so that typo correction knows the whole
  desk's words (it knew the first 4,000 people's); ``store.search_sql`` keeps it with each
  index write. SQLite reads FTS5's own vocabulary (nothing to add).

Both are what ``store.search_index`` (SQLite) and ``store.search_sql`` (PostgreSQL) write for
every index row from now on; this revision rebuilds the rows already there, with the store's own
bulk build (the index is derived data: rebuilt by today's rule). SQLite: the FTS5 table is
dropped and created again (emptying 1M rows one by one costs more than building them), filled
in one statement, merged into one segment, and given 0008's settings. PostgreSQL: the table is
emptied and filled again by COPY (its ``doc`` column and GIN index follow). Nothing in
offline (``--sql``) mode: a rebuild is made from the rows, not a script.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""
from alembic import context, op

from deskcrm.store.migrations import dialect


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    dialect.create_search_words()
    _rebuild()


def downgrade() -> None:
    dialect.drop_search_words()  # the index rows stay: an older deskcrm reads their words as words


def _rebuild() -> None:
    from deskcrm.store import search_index

    if context.is_offline_mode():  # SQL rendered, not run (tests): a rebuild reads the rows, it has no SQL text
        return
    raw = op.get_bind().connection.driver_connection  # this migration's transaction
    if dialect.engine() == "sqlite":
        op.execute("DROP TABLE person_fts")
        dialect.create_person_search()
        search_index.start_bulk_index(raw)
        search_index.bulk_index_people(raw)
        search_index.finish_bulk_index(raw)
        return
    from deskcrm.store.pg import PgConnection

    op.execute("TRUNCATE person_fts")
    search_index.bulk_index_people(PgConnection(raw, ""))  # the rows and their words
