"""The import screen's dry-run part (``import_flow.ImportScreen`` mixes it in): the counts, the
errors with their line and column (a scrollable list, the first ``import_work.LISTED``), the
updates of the desk's records field by field (a table, as the CLI's dry run says them), and the
likely duplicates with their reasons in a table, each with what becomes of it — the rule for all
(``u``: skip them / import them as new people / update the desk's person they resemble) or its
own decision (``space`` on its row: skipped / new / update; a duplicate of an earlier row of the
file, with nobody on the desk to update, skipped / new), which ``u`` keeps (and says so).
Everything shown goes through ``deskcrm.text`` (never markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import DataTable, Static

from deskcrm import text

if TYPE_CHECKING:
    from deskcrm.screens.import_work import DryRun

LISTED_CVS = 500  # rows listed with their CV (the counts count them all)


class DryRunReport:
    """Needs of the screen: ``plan``, ``rule``, ``decisions``, ``mapping``, ``_busy``, ``query_one``."""

    plan: DryRun | None
    rule: str
    decisions: dict[int, str]
    _busy: str | None
    mapping: Any
    query_one: Any
    app: Any
    focused: Any
    set_class: Any

    def _report(self, plan: DryRun | None) -> None:
        from deskcrm.screens.import_work import LISTED, plural

        self.plan = plan
        self.decisions = {}
        self.set_class(plan is not None, "-planned")
        counts = self.query_one("#import-counts", Static)
        listed = self.query_one("#import-list", Static)
        self._dups()
        self._updates()
        if plan is None:
            counts.update(text.safe("r: dry run (nothing is written) · c: CVs from a folder · s / o: save / load "
                                    "the mapping · ctrl+s: import", "dim"))
            listed.update("")
            self._more_focusable()
            return
        self._counts()
        c = plan.counts
        lines: list[tuple[str, str]] = []
        if plan.errors:
            lines.append(("Errors — an import with errors writes nothing; fix the cell or ignore the column:", "bold"))
            lines += [(f"  line {e.line}  {e.label}  {e.why}", "") for e in plan.errors]
        more = c.get("error", 0) - len(plan.errors)
        if more > 0:
            lines.append((f"  … and {more:,} more", "dim"))
        more = c.get("duplicate", 0) - len(plan.duplicates)
        if more > 0:
            lines.append((f"{plural(more, 'more likely duplicate')} not listed: the rule for all decides "
                          f"{'it' if more == 1 else 'them'}", "dim"))
        if len(plan.updates) >= LISTED:
            lines.append((f"Only the first {LISTED} updates are listed (the CLI's --dry-run lists them all)", "dim"))
        if not lines and not plan.duplicates and not plan.updates:
            lines.append(("No duplicates, no errors.", ""))
        if plan.cvs:
            from deskcrm.screens.import_work import cv_summary

            lines.append((cv_summary(plan.cvs, written=False) + " — a row not imported gets none; the files are "
                          "read at the import, which says each one it could not attach:", "bold"))
            lines += [(f"  line {m.line}  {m.label}: {m.said}", "" if m.status == "matched" else "$warning")
                      for m in plan.cvs[:LISTED_CVS]]
            if len(plan.cvs) > LISTED_CVS:
                lines.append((f"  … and {plural(len(plan.cvs) - LISTED_CVS, 'more row')}", "dim"))
        listed.update(text.join(*(text.safe(line, style) for line, style in lines), sep="\n"))
        self._more_focusable()

    def _more_focusable(self) -> None:
        """The list below the tables takes a tab stop only when it has more than it shows (to
        scroll it): a stop on a box with nothing to do swallowed the keys typed there."""
        more = self.query_one("#import-more")
        more.can_focus = False

        def measured() -> None:
            more.can_focus = more.max_scroll_y > 0

        more.call_after_refresh(measured)

    def _counts(self) -> None:
        """The dry run's counts as the rule and the row decisions make them (as "Becomes" says)."""
        from deskcrm.screens.import_work import decided_counts, plural

        if self.plan is None:
            return
        c = decided_counts(self.plan, self.rule, self.decisions)
        dups = self.plan.counts.get("duplicate", 0)
        self.query_one("#import-counts", Static).update(text.join(
            text.safe("Dry run: ", "bold"), text.safe(f"{c.get('new', 0):,} new"), " · ",
            text.safe(plural(c.get('update', 0), "update")), " · ",
            text.safe(f"{c.get('unchanged', 0):,} unchanged"), " · ",
            text.safe(plural(dups, "likely duplicate") + (f": {c['skip']:,} skipped" if dups else ""),
                      "$warning" if dups else ""), " · ",
            text.safe(plural(c.get('error', 0), "error"), "$error" if c.get("error") else "")))

    def _dups(self) -> None:
        """The likely duplicates, each with what becomes of it (the rule, or its own decision)."""
        from deskcrm.screens.import_work import RULE_WORDS

        table = self.query_one("#import-dups", DataTable)
        keep = table.cursor_row if table.row_count else 0
        table.clear()
        plan = self.plan
        rule = self.query_one("#import-rule", Static)
        table.display = rule.display = bool(plan and plan.duplicates)
        if not table.display:
            return
        rule.update(text.join(text.safe("Likely duplicates: ", "bold"), text.safe(RULE_WORDS[self.rule]),
                              text.safe("  (u: the rule for all · tab, then space: this row)", "dim")))
        for d in plan.duplicates:
            decided = self.decisions.get(d.line, self.rule)
            table.add_row(text.cell(d.line), text.cell(d.label),
                          text.cell(becomes(decided, d.record_id), "bold" if d.line in self.decisions else ""),
                          text.cell(d.why), key=str(d.line))
        table.move_cursor(row=min(keep, table.row_count - 1))

    def _updates(self) -> None:
        """The desk's records the file updates, each with its fields: filled (old -> new) or kept."""
        table = self.query_one("#import-updates", DataTable)
        title = self.query_one("#import-updates-title", Static)
        keep = table.cursor_row if table.row_count else 0
        table.clear()  # its columns are the FitTable's (screens.import_flow)
        plan = self.plan
        table.display = title.display = bool(plan and plan.updates)
        if not table.display:
            return
        from deskcrm.screens.import_work import plural

        kept = sum(u.as_update != "update" for u in plan.updates)  # rows whose every field the desk keeps
        title.update(text.join(text.safe("Updates of the desk's records: ", "bold"),
                               text.safe("empty fields filled; a value the desk has is kept", ""),
                               text.safe(f" — {plural(kept, 'row')} dimmed: unchanged, the desk's values kept"
                                         if kept else "", ""),
                               text.safe("  (tab: move through them)", "dim")))
        for u in plan.updates:
            table.add_row(text.cell(u.line), text.cell(u.label), text.cell(f"#{u.record_id}"),
                          text.cell(u.why, "" if u.as_update == "update" else "dim"), key=str(u.line))
        table.move_cursor(row=min(keep, table.row_count - 1))

    # ------------------------------------------------------------------ the highlighted row in full

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._detail()

    def on_descendant_focus(self, _event: Any) -> None:
        self._detail()

    def _detail(self) -> None:
        """Under the lists, the highlighted duplicate's reason or update's fields in full, for the
        list that has the focus (a table cuts them at 80 columns); hidden while the mapping has it."""
        detail = self.query_one("#import-detail", Static)
        table = self.focused
        listed = {"import-dups": self.plan.duplicates, "import-updates": self.plan.updates}.get(
            getattr(table, "id", None) or "") if self.plan else None
        if not listed or not isinstance(table, DataTable) or not table.row_count:
            detail.display = False
            return
        self._show_cursor(table)
        d = listed[min(table.cursor_row, len(listed) - 1)]
        record = f" (#{d.record_id})" if d.record_id is not None and table.id == "import-updates" else ""
        detail.update(text.join(text.safe(f"line {d.line}  ", "bold"), text.safe(d.label + record, "bold"),
                                text.safe(": "), text.safe(d.why)))
        detail.display = True

    def _show_cursor(self, table: DataTable) -> None:
        """Scroll the lists so that the focused table's highlighted row shows (on a short screen
        they have a few lines: the table itself would come into view by its header only)."""
        from textual.geometry import Region

        report = self.query_one("#import-report")
        y = table.virtual_region.y + 1 + table.cursor_row - round(table.scroll_offset.y)  # (1: the header)
        report.scroll_to_region(Region(0, y - 1, 1, 2), animate=False, immediate=True)

    def action_rule(self) -> None:
        from deskcrm.screens.import_work import RULE_WORDS, rules_for

        rules = rules_for(self.mapping.kind)
        if self._busy:
            return
        if len(rules) == 1:
            text.notify(self.app, f"A {self.mapping.kind} file's likely duplicates are skipped (not imported)")
            return
        self.rule = rules[(rules.index(self.rule) + 1) % len(rules)] if self.rule in rules else rules[0]
        # the rows decided by hand keep their decision, whatever the rule for all becomes
        self._dups()
        self._counts()
        kept = len(self.decisions)
        by_hand = (f" — {kept} decided by hand kept as they are (in bold; space on a row changes it)"
                   if kept else "")
        text.notify(self.app, f"Likely duplicates: {RULE_WORDS[self.rule]}{by_hand}")

    def action_decide(self) -> None:
        from deskcrm.screens.import_work import rules_for

        table = self.query_one("#import-dups", DataTable)
        if self._busy or not self.plan or not self.plan.duplicates or not table.has_focus:
            return
        d = self.plan.duplicates[table.cursor_row]
        # a duplicate of an earlier row of the file has nobody on the desk to update: skipped or new
        choices = [r for r in rules_for(self.mapping.kind) if r != "update" or d.record_id is not None]

        def effective(rule: str) -> str:
            return rule if rule in choices else "skip"  # "update" with nobody to update skips it

        now = effective(self.decisions.get(d.line, self.rule))
        nxt = choices[(choices.index(now) + 1) % len(choices)]
        if nxt == effective(self.rule):
            self.decisions.pop(d.line, None)
        else:
            self.decisions[d.line] = nxt
        self._dups()
        self._counts()


def becomes(decided: str, record_id: int | None) -> str:
    """What a likely duplicate becomes, said in its row."""
    if decided == "new":
        return "new person"
    if decided == "update" and record_id is not None:
        return f"update #{record_id}"
    return "skipped"  # "update" of a duplicate of an earlier row (its Why says which): nobody to update
