"""person_prefix: the PostgreSQL search index's postings by a word's first three letters, in id order

A keystroke's unranked page is the first 50 matches in person-id order. SQLite's FTS5 reads its
prefix index (``prefix='2 3'``) in id order and stops at the page; a GIN index has no order, so
PostgreSQL walked ``person_fts`` in id order testing every row (``store.search_page_pg``): a
middling word ("data", "product man") tested 1,000-3,000 rows a keystroke. ``person_prefix``
holds, for each index row, each distinct first three letters of its ``doc``'s words (words of
three letters or more): a typed word of three letters or more reads its prefix's people in id
order from the primary key alone (an index-only scan), and only they are tested
(``store.search_prefix``).

Kept by triggers on ``person_fts`` in the same statement as the row (insert, update, delete,
COPY; the cascade of a person deleted; an erasure), so every writer of the index keeps it
without knowing it; a rebuild that truncates ``person_fts`` truncates it with it
(``search_sql.pg_clear_index``: a trigger cannot truncate a table the same statement
truncates). SQLite: nothing (FTS5 has its own prefix index).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07
"""
from alembic import context, op

from deskcrm.store.migrations import dialect


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

# a row's postings: each distinct first three letters of its words of three letters or more; inserted
# in key order, without ON CONFLICT (the triggers keep the table exact: a new index row has none yet;
# ON CONFLICT and key order left to chance cost 2x: 133 µs a person at 1M, against ~75)
_PAIRS = ("SELECT DISTINCT left(l.lexeme, 3) COLLATE \"C\" AS prefix, r.person_id FROM {rows} AS r,"
          " unnest(r.doc) AS l WHERE length(l.lexeme) >= 3")


def upgrade() -> None:
    if dialect.engine() == "sqlite":
        return
    op.execute('CREATE TABLE person_prefix (prefix text COLLATE "C" NOT NULL, person_id integer NOT NULL,'
               ' PRIMARY KEY (prefix, person_id))')
    old, new = _PAIRS.format(rows="old_rows"), _PAIRS.format(rows="new_rows")
    op.execute(f"""CREATE OR REPLACE FUNCTION person_prefix_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO person_prefix (prefix, person_id) {new} ORDER BY 1, 2;
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM person_prefix AS x USING ({old}) AS d WHERE x.prefix = d.prefix AND x.person_id = d.person_id;
  ELSE
    DELETE FROM person_prefix AS x USING ({old} EXCEPT {new}) AS d
     WHERE x.prefix = d.prefix AND x.person_id = d.person_id;
    INSERT INTO person_prefix (prefix, person_id) {new} EXCEPT {old} ORDER BY 1, 2;
  END IF;
  RETURN NULL;
END $$""")
    op.execute("CREATE TRIGGER person_prefix_insert AFTER INSERT ON person_fts REFERENCING NEW TABLE AS new_rows"
               " FOR EACH STATEMENT EXECUTE FUNCTION person_prefix_keep()")
    op.execute("CREATE TRIGGER person_prefix_update AFTER UPDATE ON person_fts REFERENCING OLD TABLE AS old_rows"
               " NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION person_prefix_keep()")
    op.execute("CREATE TRIGGER person_prefix_delete AFTER DELETE ON person_fts REFERENCING OLD TABLE AS old_rows"
               " FOR EACH STATEMENT EXECUTE FUNCTION person_prefix_keep()")
    op.execute(f"INSERT INTO person_prefix (prefix, person_id) SELECT * FROM ({_PAIRS.format(rows='person_fts')}) AS d"
               " ORDER BY 1, 2")
    if not context.is_offline_mode():  # the planner's counts of a table just filled
        op.execute("ANALYZE person_prefix")


def downgrade() -> None:
    if dialect.engine() == "sqlite":
        return
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS person_prefix_{name} ON person_fts")
    op.execute("DROP FUNCTION IF EXISTS person_prefix_keep()")
    op.execute("DROP TABLE IF EXISTS person_prefix")
