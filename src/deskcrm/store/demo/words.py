"""Word lists for ``deskcrm demo``: names, places, companies, job families and roles (see
:mod:`deskcrm.store.demo`; free text — notes, templates, activity bodies — is in ``texts``).

Pure data, no I/O. Every name here is made up by combination: first and last names are common
international names (no celebrity pairs, see ``FAMOUS``), company names are an invented prefix
plus an industry word, and every e-mail address / website uses a reserved ``example`` domain.
Lists are tuples so their order (and therefore the demo) never depends on hashing.
"""

from __future__ import annotations

FIRST_NAMES = (
    # German / Austrian / Swiss
    "Lukas", "Jonas", "Leon", "Felix", "Maximilian", "Paul", "Finn", "Moritz", "Tobias", "Sebastian",
    "Stefan", "Andreas", "Anna", "Lena", "Hannah", "Lea", "Marie", "Sophie", "Laura", "Julia",
    "Katharina", "Johanna", "Sabine", "Claudia", "Jana", "Nina", "Florian", "Jan",
    # British / Irish
    "Oliver", "Harry", "George", "Jack", "James", "Thomas", "Amelia", "Olivia", "Isla", "Emily",
    "Charlotte", "Eleanor", "Siobhan", "Ciaran", "Niamh", "Rory",
    # Dutch / Flemish
    "Daan", "Sem", "Bram", "Joris", "Lieke", "Sanne", "Fleur", "Maarten",
    # French
    "Louis", "Hugo", "Théo", "Mathieu", "Chloé", "Camille", "Léa", "Manon", "Élodie", "Juliette",
    # Southern European
    "Marco", "Alessandro", "Giulia", "Chiara", "Pablo", "Javier", "Lucía", "Carmen", "João", "Inês",
    "Beatriz", "Mateo", "Sofia", "Nikos", "Eleni",
    # Central / Eastern European
    "Jakub", "Piotr", "Tomasz", "Zofia", "Agnieszka", "Ondřej", "Kateřina", "Olena", "Dmytro",
    "Katarina", "Ivan", "Bence", "Réka",
    # Nordic
    "Lars", "Mikkel", "Sven", "Ingrid", "Astrid", "Freya", "Elias", "Noah",
    # Turkish / Arabic / Persian
    "Emre", "Mehmet", "Can", "Elif", "Zeynep", "Ayşe", "Omar", "Karim", "Hassan", "Yasmin",
    "Layla", "Nour", "Dariush", "Shirin",
    # South Asian
    "Priya", "Arjun", "Rohan", "Vikram", "Sanjay", "Rahul", "Ananya", "Kavya", "Neha", "Aisha",
    # East / South-East Asian
    "Wei", "Jun", "Lin", "Mei", "Yuki", "Haruto", "Hana", "Min-jun", "Ji-woo", "Thanh", "Linh",
    # African
    "Chidi", "Kwame", "Tendai", "Amara", "Ngozi", "Zanele", "Kofi", "Abena",
    # Latin American / other
    "Santiago", "Valentina", "Diego", "Camila", "Mia", "Emma", "Liam", "Ava",
)

LAST_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Hoffmann", "Koch", "Richter",
    "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun", "Zimmermann", "Hartmann", "Krüger",
    "Lange", "Vogel", "Keller", "Huber", "Gruber", "Brunner", "Steiner",
    "Hughes", "Clarke", "Wright", "Harris", "Edwards", "Morris", "Cooper", "Bennett", "Murphy",
    "O'Brien", "Gallagher", "Fletcher", "Holloway",
    "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van den Berg",
    "Peeters", "Janssens",
    "Dubois", "Lefebvre", "Moreau", "Laurent", "Girard", "Fontaine", "Rousseau", "Mercier",
    "Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Greco", "Conti",
    "García", "Fernández", "López", "Martínez", "Sánchez", "Pereira", "Costa", "Silva", "Oliveira",
    "Santos",
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Novák", "Dvořák", "Svoboda", "Kovalenko",
    "Bondarenko", "Nagy", "Horváth", "Tóth", "Popescu", "Ionescu",
    "Andersen", "Nielsen", "Larsen", "Johansson", "Lindqvist", "Berg", "Virtanen",
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Haddad", "Nasser", "Khalil", "Mansour",
    "Saleh", "Karimi", "Rahimi",
    "Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Mehta", "Kapoor", "Singh", "Rao", "Patel", "Khan",
    "Chen", "Wang", "Zhang", "Liu", "Tanaka", "Sato", "Suzuki", "Kim", "Park", "Nguyen", "Tran",
    "Okafor", "Mensah", "Adeyemi", "Okoye", "Diallo", "Boateng", "Mwangi",
    "Papadopoulos", "Georgiou", "Herrera", "Castillo", "Moreno",
)

# Pairs that would name a well-known real person: redrawn.
FAMOUS = frozenset({
    "Thomas Müller", "Marco Rossi", "Julia Fischer", "Jan Smit", "Diego Costa", "Liam Gallagher",
    "Rory Gallagher", "Sanjay Kapoor", "Arjun Kapoor", "Lars Andersen", "Jonas Hoffmann",
})

# Ascii fallbacks for e-mail / LinkedIn slugs (anything not listed is dropped).
ASCII_FOLD = str.maketrans({
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e", "É": "e", "á": "a",
    "í": "i", "ó": "o", "ú": "u", "ñ": "n", "ç": "c", "ã": "a", "ô": "o", "ě": "e",
    "ř": "r", "š": "s", "č": "c", "ž": "z", "ý": "y", "ą": "a", "ę": "e", "ł": "l", "ń": "n",
    "ś": "s", "ź": "z", "ż": "z", "ı": "i", "ş": "s", "ğ": "g", "Ç": "c", "Ş": "s", "ő": "o",
    "ű": "u", "Ž": "z", "Š": "s", "Č": "c", "Ö": "oe", "Ü": "ue", "Ä": "ae", "Ø": "o", "ø": "o",
    "å": "a", "Å": "a", "æ": "ae", "'": "", " ": "", "-": "",
})

MAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "post.example")

# (city, country, weight, phone country code, mobile prefixes, currency)
CITIES = (
    ("Berlin", "Germany", 14, "49", ("151", "152", "160", "170", "176", "179"), "EUR"),
    ("Munich", "Germany", 10, "49", ("151", "157", "162", "171", "177"), "EUR"),
    ("Hamburg", "Germany", 8, "49", ("152", "160", "172", "178"), "EUR"),
    ("Frankfurt", "Germany", 6, "49", ("151", "163", "173", "175"), "EUR"),
    ("Cologne", "Germany", 4, "49", ("152", "159", "176"), "EUR"),
    ("Düsseldorf", "Germany", 3, "49", ("151", "170", "177"), "EUR"),
    ("Stuttgart", "Germany", 3, "49", ("160", "172", "179"), "EUR"),
    ("London", "United Kingdom", 12, "44", ("7700", "7712", "7723", "7845", "7911"), "GBP"),
    ("Manchester", "United Kingdom", 4, "44", ("7700", "7734", "7958"), "GBP"),
    ("Edinburgh", "United Kingdom", 2, "44", ("7700", "7801"), "GBP"),
    ("Amsterdam", "Netherlands", 7, "31", ("6",), "EUR"),
    ("Rotterdam", "Netherlands", 3, "31", ("6",), "EUR"),
    ("Paris", "France", 7, "33", ("6", "7"), "EUR"),
    ("Lyon", "France", 2, "33", ("6", "7"), "EUR"),
    ("Zurich", "Switzerland", 5, "41", ("76", "78", "79"), "CHF"),
    ("Geneva", "Switzerland", 2, "41", ("77", "79"), "CHF"),
    ("Vienna", "Austria", 5, "43", ("650", "664", "676", "699"), "EUR"),
)
REMOTE_WEIGHT = 4  # companies only: "Remote" as the city, no country

CURRENCY_FACTOR = {"EUR": 1.0, "GBP": 0.86, "CHF": 1.45}

LEGAL_FORMS = {
    "Germany": ("GmbH", "GmbH", "AG", "SE"),
    "Austria": ("GmbH", "AG"),
    "Switzerland": ("AG", "SA", "GmbH"),
    "United Kingdom": ("Ltd", "Ltd", "plc"),
    "Netherlands": ("B.V.", "B.V.", "N.V."),
    "France": ("SAS", "SA"),
}

COMPANY_PREFIXES = (
    "Nordwind", "Brightpath", "Bluestone", "Kestrel", "Alpenglow", "Harbourline", "Silverline",
    "Meridian", "Lumen", "Oakridge", "Greenfield", "Northgate", "Ironbridge", "Clearwater", "Redwood",
    "Stellar", "Vantage", "Quayside", "Elbwerk", "Rheinblick", "Isarstern", "Danubia", "Thameside",
    "Amstelhof", "Limmat", "Alsterpark", "Spreebogen", "Falconridge", "Heron", "Lynxcroft", "Otterburn",
    "Beacon", "Summitview", "Pinnacle", "Crestview", "Westbrook", "Eastwood", "Fairhaven", "Highmoor",
    "Linden", "Birchwood", "Aspenfield", "Cedarline", "Maplestone", "Willowby", "Juniper", "Sagebrook",
    "Cobalt", "Copperfield", "Granite", "Quartzline", "Onyxia", "Amberley", "Emberly", "Novaris",
    "Orbitra", "Vectorial", "Helixa", "Axiomatic", "Polaris", "Tundra", "Boreal", "Atlasway",
    "Compass", "Keystone", "Lighthouse", "Anchorage", "Tidewater", "Sunrise", "Daybreak", "Evergreen",
    "Fjordline", "Glacierpoint", "Horizonte", "Kiteline", "Lantern", "Mosaic", "Nimbus", "Orchard",
    "Prismatic", "Quillon", "Ridgeway", "Sextant", "Trident", "Verdant", "Wayfarer", "Zephyr",
    "Bergkamp", "Hafenblick", "Seeland", "Waldhaus", "Sonnenhof", "Lindqvist", "Marlow", "Kingsmere",
    "Brookvale", "Ashford", "Silvermoor", "Goldcrest", "Bellmont", "Rosenthal", "Falkenstein",
)

# A branch or region after the industry word ("Kestrel Logistics Rhein"), only in demos with more
# companies than prefix x industry word can name apart (their folded keys must all differ).
COMPANY_BRANCHES = (
    "Nord", "Süd", "Ost", "West", "Mitte", "Rhein", "Main", "Elbe", "Donau", "Alpen", "Baltic", "Atlantic",
    "Central", "Europe", "International", "Bavaria", "Saxony", "Holland", "Flanders", "Alsace", "Tyrol",
    "Zurich", "Geneva", "Basel", "Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart", "London",
    "Manchester", "Leeds", "Paris", "Lyon", "Amsterdam", "Rotterdam", "Utrecht", "Vienna", "Graz",
)

# industry -> (company-name suffixes, job role families with weights)
INDUSTRIES = (
    ("Software", ("Systems", "Software", "Labs", "Technologies", "Digital", "Cloud"),
     (("tech", 7), ("sales", 2), ("finance", 1))),
    ("Fintech", ("Pay", "Capital", "Finance", "Ledger", "Money"),
     (("tech", 5), ("finance", 3), ("sales", 2))),
    ("Healthcare", ("Health", "Care", "Clinics", "Medical", "Kliniken"),
     (("healthcare", 8), ("finance", 1), ("logistics", 1))),
    ("Logistics", ("Logistics", "Freight", "Transport", "Cargo", "Shipping"),
     (("logistics", 6), ("tech", 2), ("finance", 2))),
    ("E-commerce", ("Retail", "Commerce", "Market", "Goods", "Home"),
     (("tech", 4), ("logistics", 3), ("sales", 3))),
    ("Manufacturing", ("Industries", "Manufacturing", "Works", "Engineering", "Components"),
     (("logistics", 5), ("finance", 3), ("sales", 2))),
    ("Insurance", ("Insurance", "Assurance", "Mutual", "Versicherung"),
     (("finance", 5), ("sales", 3), ("tech", 2))),
    ("Energy", ("Energy", "Power", "Renewables", "Solar", "Grid"),
     (("tech", 4), ("finance", 3), ("logistics", 3))),
    ("Pharma", ("Pharma", "Biotech", "Therapeutics", "Life Sciences"),
     (("healthcare", 5), ("finance", 2), ("sales", 3))),
    ("Consulting", ("Consulting", "Partners", "Advisory", "Group"),
     (("finance", 4), ("tech", 4), ("sales", 2))),
)

COMPANY_SIZES = ("11-50", "51-200", "51-200", "201-500", "201-500", "501-1000", "1001-5000", "5000+")

FAMILY_WEIGHTS = (("tech", 35), ("finance", 18), ("healthcare", 17), ("sales", 15), ("logistics", 15))

# (title, core skills, takes a seniority prefix)
ROLES = {
    "tech": (
        ("Python Engineer", ("Python", "Django", "FastAPI", "PostgreSQL", "Docker"), True),
        ("Backend Engineer", ("Go", "Kotlin", "PostgreSQL", "Kafka", "Microservices"), True),
        ("Java Developer", ("Java", "Spring Boot", "Hibernate", "Maven", "Oracle"), True),
        ("Frontend Developer", ("TypeScript", "React", "CSS", "Next.js", "Jest"), True),
        ("Full-Stack Developer", ("TypeScript", "Node.js", "React", "GraphQL", "MongoDB"), True),
        ("DevOps Engineer", ("Kubernetes", "Terraform", "AWS", "CI/CD", "Linux"), True),
        ("Site Reliability Engineer", ("Kubernetes", "Prometheus", "Go", "GCP", "Incident response"), True),
        ("Data Engineer", ("Python", "Spark", "Airflow", "dbt", "Snowflake"), True),
        ("Data Scientist", ("Python", "Pandas", "scikit-learn", "SQL", "Statistics"), True),
        ("Machine Learning Engineer", ("Python", "PyTorch", "MLOps", "Kubernetes", "NLP"), True),
        ("QA Engineer", ("Cypress", "Selenium", "Test automation", "Playwright", "API testing"), True),
        ("Mobile Developer", ("Swift", "Kotlin", "iOS", "Android", "Flutter"), True),
        ("Security Engineer", ("Penetration testing", "SIEM", "ISO 27001", "Cloud security", "IAM"), True),
        ("Product Manager", ("Roadmapping", "Discovery", "Jira", "Analytics", "Stakeholder management"), True),
        ("UX Designer", ("Figma", "User research", "Prototyping", "Design systems", "Accessibility"), True),
        ("Engineering Manager", ("People leadership", "Hiring", "Agile", "Architecture", "Delivery"), False),
    ),
    "finance": (
        ("Payroll Specialist", ("Payroll", "DATEV", "Social security", "Time tracking", "SAP HCM"), True),
        ("Accountant", ("Month-end close", "HGB", "IFRS", "DATEV", "VAT"), True),
        ("Financial Controller", ("Controlling", "SAP CO", "Reporting", "Budgeting", "IFRS"), True),
        ("FP&A Analyst", ("Forecasting", "Budgeting", "Excel", "Power BI", "Business cases"), True),
        ("Credit Controller", ("Accounts receivable", "Dunning", "Cash collection", "SAP FI", "Excel"), True),
        ("Accounts Payable Clerk", ("Accounts payable", "Invoice processing", "SAP FI", "Reconciliation",
                                    "Excel"), False),
        ("Tax Advisor", ("Corporate tax", "VAT", "Transfer pricing", "HGB", "Tax returns"), True),
        ("Treasury Analyst", ("Cash management", "FX hedging", "Liquidity planning", "SAP TRM", "Excel"), True),
        ("Finance Business Partner", ("Business partnering", "Forecasting", "Cost control", "SAP", "Power BI"),
         True),
        ("Auditor", ("External audit", "IFRS", "Internal controls", "Risk assessment", "ISA"), True),
        ("Head of Finance", ("Leadership", "Consolidation", "IFRS", "Cash management", "Board reporting"), False),
    ),
    "healthcare": (
        ("Staff Nurse", ("Patient care", "Medication administration", "Wound care", "Care planning", "BLS"),
         False),
        ("ICU Nurse", ("Intensive care", "Ventilation", "IV therapy", "ACLS", "Patient monitoring"), True),
        ("Theatre Nurse", ("Scrub nursing", "Anaesthetics", "Recovery", "Infection control", "Surgery"), True),
        ("Care Assistant", ("Personal care", "Dementia care", "Mobility support", "Care notes", "Safeguarding"),
         True),
        ("Physiotherapist", ("Rehabilitation", "Manual therapy", "MSK", "Exercise prescription", "Neuro"), True),
        ("Radiographer", ("X-ray", "CT", "MRI", "Radiation protection", "PACS"), True),
        ("Pharmacist", ("Dispensing", "Clinical pharmacy", "Pharmacology", "Medicines reconciliation",
                        "Counselling"), True),
        ("Midwife", ("Antenatal care", "Labour ward", "Postnatal care", "CTG", "Breastfeeding support"), True),
        ("Occupational Therapist", ("Functional assessment", "Rehabilitation", "Home adaptations",
                                    "Mental health", "Care planning"), True),
        ("Medical Lab Technician", ("Phlebotomy", "Haematology", "Microbiology", "Lab QA", "LIMS"), True),
        ("Ward Manager", ("Ward leadership", "Rostering", "Clinical governance", "Patient safety", "Budgets"),
         False),
    ),
    "sales": (
        ("Account Executive", ("B2B", "SaaS", "Salesforce", "Negotiation", "Pipeline management"), True),
        ("Sales Development Representative", ("Cold calling", "Outbound", "HubSpot", "Lead generation",
                                              "Prospecting"), False),
        ("Key Account Manager", ("Account management", "Upselling", "Negotiation", "SAP SD", "Forecasting"),
         True),
        ("Customer Success Manager", ("Onboarding", "Retention", "Gainsight", "SaaS", "QBRs"), True),
        ("Business Development Manager", ("New business", "Partnerships", "Negotiation", "CRM",
                                          "Market research"), True),
        ("Sales Manager", ("Team leadership", "Forecasting", "MEDDIC", "Salesforce", "Coaching"), False),
        ("Inside Sales Representative", ("Inbound", "Phone sales", "HubSpot", "Demos", "Closing"), True),
        ("Partner Manager", ("Channel sales", "Partner enablement", "Co-selling", "Negotiation", "CRM"), True),
    ),
    "logistics": (
        ("Warehouse Supervisor", ("Warehouse operations", "WMS", "Shift planning", "Health and safety", "Lean"),
         True),
        ("Logistics Coordinator", ("Dispatch", "Incoterms", "SAP MM", "Carrier management", "Excel"), True),
        ("Supply Chain Analyst", ("Demand planning", "SQL", "Excel", "S&OP", "Inventory optimisation"), True),
        ("Transport Planner", ("Route planning", "TMS", "Fleet scheduling", "Tachograph rules", "Last mile"),
         True),
        ("Forklift Operator", ("Forklift licence", "Reach truck", "Picking", "Scanning", "Loading"), False),
        ("Procurement Specialist", ("Strategic sourcing", "SAP MM", "Negotiation", "Supplier management",
                                    "Tendering"), True),
        ("Customs Specialist", ("Customs declarations", "ATLAS", "Incoterms", "Tariffs", "AEO"), True),
        ("Inventory Controller", ("Stock control", "Cycle counting", "SAP EWM", "Reconciliation", "Excel"), True),
        ("Operations Manager", ("Operations management", "KPIs", "Lean", "Six Sigma", "Team leadership"), False),
    ),
}

# Extra, family-wide skills mixed into each candidate's list.
FAMILY_SKILLS = {
    "tech": ("Git", "SQL", "REST", "Scrum", "Linux", "Redis", "Azure", "Elasticsearch", "English C1",
             "German B2", "Code review", "TDD"),
    "finance": ("Excel", "SAP", "Oracle NetSuite", "Xero", "Power BI", "English C1", "German C1",
                "Process improvement", "Audit readiness"),
    "healthcare": ("BLS", "Infection control", "EPR", "Teamwork", "English C1", "German B2",
                   "Registered", "Night shifts", "Mentoring"),
    "sales": ("CRM", "Presentation", "LinkedIn Sales Navigator", "English C1", "German C1", "French B2",
              "Travel", "Forecasting"),
    "logistics": ("Excel", "SAP", "Driving licence", "English B2", "German B2", "Lean", "Shift work",
                  "Health and safety"),
}

# (key, headline prefix, salary factor, weight)
SENIORITIES = (("junior", "Junior ", 0.72, 15), ("mid", "", 1.0, 35), ("senior", "Senior ", 1.3, 35),
               ("lead", "Lead ", 1.6, 15))

FAMILY_SALARY = {"tech": 66000, "finance": 56000, "healthcare": 44000, "sales": 54000, "logistics": 41000}

MANAGER_TITLES = {
    "tech": ("Head of Engineering", "CTO", "VP Engineering", "Engineering Manager", "Head of Data"),
    "finance": ("CFO", "Head of Finance", "Finance Director", "Head of Accounting"),
    "healthcare": ("Director of Nursing", "Head of Clinical Services", "Ward Manager", "Medical Director"),
    "sales": ("VP Sales", "Head of Sales", "Sales Director", "Chief Revenue Officer"),
    "logistics": ("Head of Operations", "Logistics Director", "Supply Chain Director", "COO"),
}
HR_TITLES = ("Talent Acquisition Lead", "HR Business Partner", "Head of People", "Recruitment Manager",
             "People Operations Manager")
BILLING_TITLES = ("Accounts Payable", "Finance Manager", "Financial Controller")

SOURCES = (("LinkedIn", 40), ("Job board", 20), ("Referral", 15), ("Website", 15), ("Event", 10))

TAGS = ("relocation", "visa-needed", "remote-only", "contract-ok", "hot", "german-speaker",
        "returner", "silver-medallist", "counter-offer-risk", "part-time")

NOTICE_DAYS = (14, 30, 30, 30, 60, 90, 90, 90, 180)
