"""What differs between SQLite and PostgreSQL in the migrations: one helper per concern, so each
revision says WHAT it creates once and this module says how on each engine.

| Concern (revision) | SQLite | PostgreSQL |
|---|---|---|
| person search index (0001) | FTS5 virtual table ``person_fts`` (name, headline, skills, employer, location, notes, resume; ``rowid`` = person id; ``prefix='2 3'``, diacritics removed) and FTS5's own ``person_fts_*`` tables | table ``person_fts``: ``person_id`` (→ person, cascade) and the same seven text columns, a generated ``doc tsvector`` (``simple`` config; name weighted A, headline/skills/employer B, the rest C) with the GIN index ``ix_person_fts_doc``; the ``pg_trgm`` extension and ``ix_person_name_trgm`` (GIN, ``gin_trgm_ops`` on ``person.name``) for names and typos |
| the index's words, for typo correction (0014) | nothing: FTS5's own vocabulary (``fts5vocab``) | table ``person_fts_words`` (``word`` in the "C" collation, the primary key: a prefix is a range; ``people``: how many index rows hold it), kept by ``store.search_sql``; a statement-level trigger on ``person_fts`` uncounts deleted rows' words |
| the index's postings by a word's first three letters (0024) | nothing: FTS5's ``prefix='3'`` index | table ``person_prefix`` (``prefix`` in the "C" collation, ``person_id``; the primary key both), filled by statement-level triggers on ``person_fts`` (insert, update, delete; a rebuild truncates both) |
| FTS5 merge settings (0008) | three rows of ``person_fts_config`` | nothing: a GIN index is kept merged by (auto)vacuum |
| planner statistics (0010) | ``ANALYZE submission`` / ``placement`` | nothing: autovacuum's autoanalyze keeps them |
| phone-tail expression index (0006) | ``substr(phone_norm, -7)`` | ``right(phone_norm, 7)`` |
| partial indexes (0007) | the same ``WHERE`` on both (``sqlite_where`` / ``postgresql_where``) | |
| ALTER TABLE (all) | Alembic batch mode (a table copy where SQLite cannot alter) | plain ``ALTER TABLE`` |

Every other table, column and index is the same on both (``tests/test_pg_migrations.py``
compares them). PostgreSQL runs all pending revisions in one transaction (its DDL is
transactional): a failure leaves the database as it was.
"""

from __future__ import annotations

from alembic import op

PERSON_SEARCH_COLUMNS = ("name", "headline", "skills", "employer", "location", "notes", "resume")


def engine() -> str:
    """"sqlite" or "postgresql"."""
    return op.get_context().dialect.name


def create_person_search() -> None:
    if engine() == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE person_fts USING fts5("
            "name, headline, skills, employer, location, notes, resume, "
            "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
        )
        return
    op.execute(
        "CREATE TABLE person_fts ("
        "person_id integer PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE, "
        + "".join(f"{column} text, " for column in PERSON_SEARCH_COLUMNS)
        + "doc tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') || "
        f"setweight(to_tsvector('simple'::regconfig, {_joined('headline', 'skills', 'employer')}), 'B') || "
        f"setweight(to_tsvector('simple'::regconfig, {_joined('location', 'notes', 'resume')}), 'C')"
        ") STORED)"
    )
    op.execute("CREATE INDEX ix_person_fts_doc ON person_fts USING gin (doc)")
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_person_name_trgm ON person USING gin (name gin_trgm_ops)")


def create_search_words() -> None:
    """PostgreSQL: the index's words (name, headline, skills, employer, location) and how many
    people hold each, for typo correction; SQLite reads FTS5's own vocabulary instead."""
    if engine() == "sqlite":
        return
    op.execute('CREATE TABLE person_fts_words (word text COLLATE "C" PRIMARY KEY, people integer NOT NULL)')
    # An index row deleted by any statement (a re-index, a person deleted by a merge, an undo, an
    # import undo: the cascade) takes its words' counts with it, and a word nobody holds any more
    # goes (an erased or merged person's words leave no trace). One statement per DELETE.
    words = ("SELECT x AS word, count(*) AS n FROM (SELECT DISTINCT o.person_id, x FROM old_rows AS o,"
             " unnest(string_to_array(concat_ws(' ', o.name, o.headline, o.skills, o.employer, o.location), ' '))"
             " AS x) AS d WHERE x <> '' GROUP BY x")
    op.execute(f"""CREATE OR REPLACE FUNCTION person_fts_words_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE person_fts_words AS w SET people = w.people - d.n FROM ({words}) AS d WHERE w.word = d.word;
  DELETE FROM person_fts_words AS w USING ({words}) AS d WHERE w.word = d.word AND w.people <= 0;
  RETURN NULL;
END $$""")
    op.execute("CREATE TRIGGER person_fts_words_forget AFTER DELETE ON person_fts REFERENCING OLD TABLE AS old_rows"
               " FOR EACH STATEMENT EXECUTE FUNCTION person_fts_words_forget()")


def drop_search_words() -> None:
    if engine() != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS person_fts_words_forget ON person_fts")
        op.execute("DROP FUNCTION IF EXISTS person_fts_words_forget()")
        op.execute("DROP TABLE IF EXISTS person_fts_words")


def _joined(*columns: str) -> str:
    """The columns as one text, NULLs as empty (``concat_ws`` is not immutable: a generated
    column cannot use it)."""
    return " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)


def drop_person_search() -> None:
    if engine() != "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_person_name_trgm")  # the extension stays: others may use it
    op.execute("DROP TABLE IF EXISTS person_fts")


def phone_tail() -> str:
    """The last 7 characters of ``person.phone_norm``, as the engine spells it."""
    return "right(phone_norm, 7)" if engine() == "postgresql" else "substr(phone_norm, -7)"


def search_index_settings(settings) -> None:  # noqa: ANN001 - ((key, value), ...)
    """FTS5's merge settings (SQLite); nothing to set on PostgreSQL."""
    if engine() != "sqlite":
        return
    for key, value in settings:
        op.execute(f"INSERT INTO person_fts (person_fts, rank) VALUES ('{key}', {int(value)})")


def analyze(*tables: str) -> None:
    """Fresh planner statistics for ``tables`` (SQLite); PostgreSQL's autovacuum keeps its own."""
    if engine() != "sqlite":
        return
    for table in tables:
        op.execute(f"ANALYZE {table}")
