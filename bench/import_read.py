"""Import reading speed: ``check`` (pass 1) then ``rows()`` (pass 2) over a generated 100k-row
generic CSV (and the same as cp1252 / semicolons, and as an XLSX when openpyxl is installed).
Rates are per CPU-second of this process (time.process_time), so other work on a shared
machine does not halve them. The writer's budget is >= 50,000 rows/s into an empty desk (DESIGN.md §4): reading must not be
what holds it back. Figures only; nothing is asserted.

    .venv/bin/python bench/import_read.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from deskcrm.store.imports import mapped  # noqa: E402
from deskcrm.store.imports.formats import recognise  # noqa: E402
from deskcrm.store.imports.source import check, open_table  # noqa: E402

HEADER = ["First Name", "Last Name", "Email", "Phone", "Company", "Title", "City", "Skills", "Salary", "LinkedIn",
          "Source", "Owner", "Tags", "Notes"]


def generate(path: Path, rows: int, *, encoding: str = "utf-8", delimiter: str = ",") -> None:
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(HEADER)
        for n in range(rows):
            writer.writerow([f"Ann{n}", "Müller" if n % 7 else "Example", f"ann{n}@example.com",
                             f"+44 20 7946 {n % 10000:04d}", f"Company {n % 5000}", "Engineer", "Leeds",
                             "python, sql; docker", "85,000" if delimiter == "," else "85.000",
                             f"https://www.linkedin.com/in/ann-{n}", "Referral", "AM", "hot|remote",
                             "Met at a meetup,\nwants remote" if n % 10 == 0 else ""])


def measure(path: Path) -> None:
    opening = time.process_time()
    with open_table(path) as table:
        opened = time.process_time() - opening  # detection + header (a workbook's sheet is read here)
        mapping = recognise(table.header)
        # CPU time of this process: the figure a loaded, shared machine distorts least.
        started = time.process_time()
        count = check(table)
        checked = time.process_time()
        for row in table.rows():
            mapped(row, mapping)
        done = time.process_time()
    total = done - started
    print(f"{path.name:<22} {table.read_as} (opened in {opened * 1000:,.0f} ms CPU)")
    print(f"{'':<22} {count:,} rows: check {count / (checked - started):>10,.0f} rows/s · rows()+mapped "
          f"{count / (done - checked):>10,.0f} rows/s · both passes {count / total:>10,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder / "generic.csv", args.rows)
        generate(folder / "european-cp1252.csv", args.rows, encoding="cp1252", delimiter=";")
        measure(folder / "generic.csv")
        measure(folder / "european-cp1252.csv")
        try:
            import openpyxl
        except ImportError:
            print("(openpyxl not installed: no XLSX figure)")
            return
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("People")
        with (folder / "generic.csv").open(encoding="utf-8", newline="") as source:
            for row in csv.reader(source):
                sheet.append(row)
        book.save(folder / "generic.xlsx")
        measure(folder / "generic.xlsx")


if __name__ == "__main__":
    main()
