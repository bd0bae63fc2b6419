"""Issue 12, item 2: formats recognised by their headers, and mappings saved as TOML the user
edits. No database: the reading half's tests run once, whatever the engines."""

from __future__ import annotations

import pytest

from deskcrm.store.errors import StoreError
from deskcrm.store.imports import TARGETS, Mapping, SourceRow, mapped
from deskcrm.store.imports.formats import recognise
from deskcrm.store.imports.mapping import BadMapping, fit, load, quote, save

LINKEDIN = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
BULLHORN_CANDIDATES = ["id", "firstName", "lastName", "email", "mobile", "phone", "companyName", "occupation",
                       "skillSet", "salary", "source", "owner", "status", "comments", "customText1"]
BULLHORN_CONTACTS = ["clientContactID", "firstName", "lastName", "email", "phone", "clientCorporation", "title",
                     "owner", "comments"]
BULLHORN_COMPANIES = ["clientCorporationID", "name", "companyURL", "phone", "industryList", "notes", "owner"]
OPENCATS_CANDIDATES = ["First Name", "Last Name", "E-Mail", "2nd E-Mail", "Home Phone", "Cell Phone", "Work Phone",
                       "City", "State", "Key Skills", "Current Employer", "Source", "Owner", "Misc Notes"]
OPENCATS_CONTACTS = ["First Name", "Last Name", "Company", "Title", "E-Mail", "Work Phone", "Cell Phone", "City",
                     "Owner"]
OPENCATS_COMPANIES = ["Name", "City", "State", "Phone", "Web Site", "Key Technologies", "Owner", "Misc Notes"]


@pytest.mark.parametrize("header, fmt, kind, expect", [
    (LINKEDIN, "linkedin", "people", {"First Name": "first_name", "URL": "linkedin", "Email Address": "email",
                                      "Position": "title", "Connected On": "connected_on", "Company": "company"}),
    (BULLHORN_CANDIDATES, "bullhorn_candidates", "people",
     {"firstName": "first_name", "mobile": "phone", "occupation": "title", "companyName": "company",
      "skillSet": "skills", "comments": "notes", "customText1": "custom:customText1", "id": "id"}),
    (BULLHORN_CONTACTS, "bullhorn_contacts", "contacts",
     {"clientCorporation": "company", "title": "title", "clientContactID": "id"}),
    (BULLHORN_COMPANIES, "bullhorn_companies", "companies",
     {"name": "name", "companyURL": "website", "industryList": "industry", "clientCorporationID": "id"}),
    (OPENCATS_CANDIDATES, "opencats_candidates", "people",
     {"E-Mail": "email", "Cell Phone": "phone", "Key Skills": "skills", "Current Employer": "company",
      "Home Phone": "custom:Home Phone", "2nd E-Mail": "custom:2nd E-Mail", "Misc Notes": "notes"}),
    (OPENCATS_CONTACTS, "opencats_contacts", "contacts",
     {"Company": "company", "Title": "title", "Cell Phone": "phone", "E-Mail": "email"}),
    (OPENCATS_COMPANIES, "opencats_companies", "companies",
     {"Name": "name", "Web Site": "website", "Key Technologies": "industry", "Phone": "phone"}),
])
def test_each_format_is_recognised_by_its_header(header, fmt, kind, expect):
    mapping = recognise(header)
    assert (mapping.format, mapping.kind) == (fmt, kind)
    assert list(mapping.columns) == header  # every column accounted for, in file order
    for column, target in expect.items():
        assert mapping.columns[column] == target, column
    for target in mapping.columns.values():
        assert target.startswith("custom:") or target in TARGETS[kind]


def test_a_generic_sheet_by_synonyms_any_case_space_or_underscore():
    header = ["FULL_NAME", "E-mail", "Mobile", "Job Title", "Location", "skills", "Salary", "LinkedIn URL",
              "Lead Source", "recruiter", "Tags", "Comments", "Favourite Colour"]
    mapping = recognise(header)
    assert (mapping.format, mapping.kind) == ("generic", "people")
    assert mapping.columns == {
        "FULL_NAME": "full_name", "E-mail": "email", "Mobile": "phone", "Job Title": "title", "Location": "city",
        "skills": "skills", "Salary": "salary", "LinkedIn URL": "linkedin", "Lead Source": "source",
        "recruiter": "owner", "Tags": "tags", "Comments": "notes", "Favourite Colour": "custom:Favourite Colour"}


def test_a_second_column_for_the_same_target_is_kept_as_custom():
    mapping = recognise(["Name", "Full Name", "Email", "Work Email"])
    assert mapping.columns == {"Name": "full_name", "Full Name": "custom:Full Name", "Email": "email",
                               "Work Email": "custom:Work Email"}


def test_a_company_sheet_reads_as_companies_and_kind_can_be_forced():
    assert recognise(["Company", "Website", "Industry"]).kind == "companies"
    forced = recognise(["Name", "Email", "Company", "Title", "Skills"], kind="contacts")
    assert forced.kind == "contacts"
    assert forced.columns["Skills"] == "custom:Skills"  # contacts have no skills: kept, not dropped
    assert recognise(LINKEDIN, kind="contacts").columns["Connected On"] == "custom:Connected On"
    with pytest.raises(ValueError):
        recognise(LINKEDIN, kind="robots")


def test_a_format_file_read_as_another_kind_takes_that_kinds_names_never_a_sheets_guess():
    companies = recognise(LINKEDIN, kind="companies").columns
    assert companies["Company"] == "name"  # a person's employer in LinkedIn's file: the company's name
    assert companies["URL"] == "custom:URL"  # a person's profile: kept, never the company's website
    assert companies["First Name"] == "custom:First Name"
    assert recognise(LINKEDIN, kind="people").columns["Company"] == "company"  # its own kind: as before
    assert recognise(OPENCATS_CONTACTS, kind="companies").columns["Company"] == "name"


def test_the_mapping_feeds_mapped_rows():
    mapping = recognise(LINKEDIN)
    row = SourceRow(5, {"First Name": "Ann", "Last Name": "Example", "URL": "https://www.linkedin.com/in/ann",
                        "Email Address": "", "Company": "Acme", "Position": "CTO", "Connected On": "06 Dec 2026"})
    got = mapped(row, mapping)
    assert got.line == 5 and "email" not in got.values and got.values["connected_on"] == "06 Dec 2026"


# --------------------------------------------------------------------------- mapping files


def test_a_mapping_round_trips_through_toml_with_hostile_headers(tmp_path):
    header = ['Say "hi"', "back\\slash", "tab\there", "new\nline", "José [bold]", "bell\x07", "=SUM(A1)"]
    columns = {h: f"custom:{h}" for h in header}
    columns["José [bold]"] = "full_name"
    mapping = Mapping(kind="people", format="generic", columns=columns, date_order="mdy")
    path = save(mapping, tmp_path / "map.toml")
    assert (path.stat().st_mode & 0o777) == 0o600
    assert load(path) == mapping
    assert '"José [bold]" = "full_name"' in path.read_text(encoding="utf-8")


def test_quote_escapes_toml_basic_strings():
    import tomllib

    for text in ['"', "\\", "\x00\x1f\x7f\x85", "ok ünïcode", "\r\n\t\b\f"]:
        assert tomllib.loads(f"k = {quote(text)}")["k"] == text


@pytest.mark.parametrize("body, words", [
    ('kind = "people"\n[columns]\n"Mail" = "emial"\n', 'map.toml: [columns] "Mail" = "emial": not a target for people'),
    ('kind = "robots"\n', "map.toml: kind = 'robots' is not a kind"),
    ('kind = "companies"\n[columns]\n"Skills" = "skills"\n', "not a target for companies"),
    ('kind = "people"\ncolour = "red"\n', "map.toml: colour is not a mapping setting"),
    ('kind = "people"\ndate_order = "ymd"\n', "map.toml: date_order"),
    ('kind = "people"\n[columns]\n"A" = 3\n', 'map.toml: [columns] "A" must be a quoted target'),
    ('kind = "people"\n[columns]\n"A" = "custom:"\n', "not a target"),
    ("kind = \n", "map.toml: not a TOML mapping"),
])
def test_loading_refuses_what_it_cannot_use_naming_file_and_key(tmp_path, body, words):
    path = tmp_path / "map.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(BadMapping) as caught:
        load(path)
    assert isinstance(caught.value, StoreError)
    assert words in str(caught.value).replace(str(tmp_path) + "/", "")
    assert "\n" not in str(caught.value)


def test_fit_reports_columns_on_one_side_only(tmp_path):
    path = tmp_path / "map.toml"
    path.write_text('kind = "people"\n[columns]\n"Name" = "full_name"\n"Mobile" = "phone"\n"Notes" = ""\n',
                    encoding="utf-8")
    mapping, notes = fit(load(path), ["Name", "Notes", "Email"], "people.csv")
    assert mapping.columns == {"Name": "full_name", "Notes": ""}
    assert notes == ['people.csv: the mapping names "Mobile", which is not a column of the file (ignored)',
                     'people.csv: column "Email" is not in the mapping (not imported)']
