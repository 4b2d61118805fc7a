#!/usr/bin/env python3
"""Coverage of the actor dictionary: which offices of which UN member states are missing.

For each of the 193 UN member states (list below, written by us; names from pycountry) and
each office -- head of state (HOS), head of government (HOG), foreign minister (FM), and for
Commonwealth realms the governor-general (GG) -- the years 2011..THIS_YEAR that no entry's
`role` text covers are reported.

How a role is read: `role` is split at ';' and each "office text (years)" piece is classified
by keywords (see OFFICES). The years in the parentheses ("2011-2014", "2019-", "2013", "1999-2005,
2010-2012") are the years held. "X of <country>" must name the entry's own country (pycountry
names plus ALIASES), so "President of the Senate" is not a head of state. An entry's `country`
field decides the country. Where the head of state also heads the government (PRESIDENTIAL
below) the HOG row is the HOS row. Year granularity only: a gap of months inside one year is not
seen. A monarch of several realms is counted for each realm (REALMS).

Usage: python3 data/build/coverage.py [--gaps] [--unparsed] [--summary]
  --gaps      list, per country, the offices and years missing (default)
  --unparsed  list role pieces that look like an office but could not be read (for review)
  --summary   only the totals (countries complete per office; dictionary size)
"""

import glob
import os
import re
import sys
import tomllib

import pycountry

THIS_YEAR = 2026
START_YEAR = 2011
YEARS = set(range(START_YEAR, THIS_YEAR + 1))

# The 193 UN member states, ISO 3166-1 alpha-3 (un.org/en/about-us/member-states).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""".split()

# Commonwealth realms other than the UK: the British monarch is head of state, a
# governor-general represents them. Barbados became a republic on 2021-11-30.
REALMS = {"ATG", "AUS", "BHS", "BLZ", "CAN", "GRD", "JAM", "NZL", "PNG", "KNA", "LCA", "VCT",
          "SLB", "TUV", "BRB"}
REALM_UNTIL = {"BRB": 2021}

# States whose president (or monarch/council) is also head of government for the whole
# period (no separate prime minister since 2011), so the HOG row is the HOS row.
PRESIDENTIAL = {
    "USA", "MEX", "BRA", "ARG", "CHL", "COL", "ECU", "BOL", "VEN", "PRY", "URY", "CRI", "PAN",
    "NIC", "HND", "SLV", "GTM", "DOM", "IDN", "PHL", "CYP", "NGA", "GHA", "LBR", "ZMB", "MWI",
    "BWA", "ZAF", "AGO", "SYC", "GMB", "COM", "MDV", "PLW", "MHL", "FSM", "NRU", "KIR", "TKM",
    "SSD", "KEN", "SUR", "AFG", "SLE", "CHE", "SMR",
}

# Years in which the head of state (or the head of state's council) also headed the government
# because the country had no prime minister then: (first year, last year), inclusive.
HOS_IS_HOG = {
    "TUR": (2018, THIS_YEAR), "ZWE": (2013, THIS_YEAR), "BEN": (2011, THIS_YEAR),
    "COG": (2011, 2016), "CUB": (2011, 2019), "ERI": (2011, THIS_YEAR), "IRN": (2011, THIS_YEAR),
    "OMN": (2011, THIS_YEAR), "SAU": (2011, 2022), "TCD": (2018, 2021), "BDI": (2011, 2020),
    "MMR": (2011, 2021), "SEN": (2019, 2021), "SDN": (2011, 2017), "GAB": (2025, THIS_YEAR),
}

# San Marino: the two Captains Regent (six-month terms) are not listed one by one; the
# Secretary of State for Foreign and Political Affairs leads the government, so the FM row
# stands for the head of government.
FM_IS_HOG = {"SMR"}

# Years the office stood vacant as a whole (an acting collective held it).
VACANT = {
    ("LBN", "HOS"): {2015, 2023, 2024},  # no president 2014-05..2016-10 and 2022-10..2025-01
    ("HTI", "HOS"): {2022, 2023},  # no president 2021-07..2024-04 (PM acted)
    # No head of state recognised by both rival parliaments between the GNC and the
    # Presidential Council (HoR speaker Aguila Saleh vs GNC president Nouri Abusahmain).
    ("LBY", "HOS"): {2015},
}

# Extra names used in role texts, besides pycountry's name / common_name / official_name.
ALIASES = {
    "USA": ["United States", "the United States", "the US"], "GBR": ["the United Kingdom", "UK"],
    "RUS": ["Russia"], "IRN": ["Iran"], "SYR": ["Syria"], "KOR": ["South Korea"],
    "PRK": ["North Korea"], "VNM": ["Vietnam"], "LAO": ["Laos"], "MDA": ["Moldova"],
    "TZA": ["Tanzania"], "BOL": ["Bolivia"], "VEN": ["Venezuela"], "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Türkiye"], "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "CPV": ["Cape Verde", "Cabo Verde"], "SWZ": ["Eswatini", "Swaziland"],
    "COD": ["DR Congo", "the Democratic Republic of the Congo", "Democratic Republic of the Congo", "the DRC", "DRC", "Congo-Kinshasa"],
    "COG": ["the Republic of the Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo"],
    "BRN": ["Brunei"], "FSM": ["Micronesia", "the Federated States of Micronesia"],
    "MKD": ["North Macedonia", "Macedonia"], "NLD": ["the Netherlands", "Netherlands"],
    "PHL": ["the Philippines"], "BHS": ["the Bahamas", "Bahamas"], "GMB": ["the Gambia", "Gambia"],
    "ARE": ["the United Arab Emirates", "the UAE", "UAE"], "CAF": ["the Central African Republic"],
    "DOM": ["the Dominican Republic"], "MHL": ["the Marshall Islands"], "SLB": ["the Solomon Islands"],
    "MDV": ["the Maldives", "Maldives"], "COM": ["the Comoros", "Comoros"], "SYC": ["the Seychelles"],
    "TLS": ["Timor-Leste", "East Timor"], "MMR": ["Myanmar", "Burma"], "KGZ": ["Kyrgyzstan"],
    "STP": ["São Tomé and Príncipe", "Sao Tome and Principe"], "VCT": ["Saint Vincent and the Grenadines", "St Vincent"],
    "KNA": ["Saint Kitts and Nevis", "St Kitts and Nevis"], "LCA": ["Saint Lucia", "St Lucia"],
    "VAT": ["the Holy See"], "PSE": ["Palestine"], "BIH": ["Bosnia and Herzegovina", "Bosnia"],
    "TTO": ["Trinidad and Tobago"], "ATG": ["Antigua and Barbuda"], "GNB": ["Guinea-Bissau"],
    "GNQ": ["Equatorial Guinea"], "PNG": ["Papua New Guinea"], "SDN": ["Sudan", "the Sudan"],
    "SSD": ["South Sudan"], "BEL": ["the Belgians"], "CHE": ["the Confederation", "Switzerland"], "LBY": ["Libya"], "YEM": ["Yemen"], "SAU": ["Saudi Arabia"],
}

# Office keywords. Order matters: the first office whose pattern matches decides.
NOT_OFFICE = re.compile(
    r"\b(deputy|vice|former|candidate|nominee|spokes|(?<!foreign affairs )(?<!chief )adviser|advisor|envoy|ambassador|"
    r"minister of state(?! of monaco)(?! \(foreign minister\))|state minister|secretary-general|secretary general|crown prince|"
    r"foreign trade|shadow|leader of the opposition|opposition leader|speaker|mayor|governor of|"
    r"chief of staff|director|assistant|under-secretary|undersecretary|permanent secretary|"
    r"president of the (senate|council of the nation|national|parliament|constitutional|"
    r"supreme|european|general|commission|regional|assembly|chamber|house|legislative)|"
    r"prime minister'?s office|claimed|rival|parallel|unrecognised|unrecognized|de facto "
    r"prime minister of the (eastern|tobruk)|candidate)", re.I)
OFFICES = [
    ("GG", re.compile(r"\bgovernor[- ]general\b", re.I)),
    ("FM", re.compile(
        r"\b(foreign minister|foreign secretary|minister (of|for) foreign|"
        r"minister of (external|international) (affairs|relations)|secretary of state\b|"
        r"secretary (of|for) (foreign|external) (affairs|relations)|"
        r"minister of (foreign and european|europe and foreign) affairs|"
        r"head of foreign affairs|minister of foreign affairs|external affairs minister|foreign affairs adviser|"
        r"minister of foreign|chancellor of foreign|foreign affairs)", re.I)),
    ("HOG", re.compile(
        r"\b(prime minister|premier\b|chancellor\b|taoiseach|head of government|"
        r"chair(wo)?man of the council of ministers|chairman of the cabinet( of ministers)?|chief adviser|minister of state of monaco|"
        r"chair of the council of ministers|president of the council of ministers|"
        r"president of the government|chief executive|chief minister)", re.I)),
    ("HOS", re.compile(
        r"\b(chairman of the (presidential council|(transitional )?sovereignty council|transitional military council|"
        r"national transitional council|presidential leadership council|supreme political council)|"
        r"president of the (transitional military council|state affairs commission|presidential council|"
        r"general national congress|confederation|high transitional authority)|yang di-pertuan agong|"
        r"monarch|chairman of the state affairs|chairman of the state council|"
        r"federal councillor|general secretary of the communist party|"
        r"general secretary of the workers' party|chairman of the presidency|"
        r"leader of the (revolution|islamic)|state chairman|"
        r"president|king|queen|emir|amir|sultan|grand duke|prince\b|emperor|supreme leader|"
        r"co-prince|captain regent|member of the presidency|head of state|ruler)", re.I)),
]
YEARS_RE = re.compile(r"(\d{4})(?:\s*[-–]\s*(\d{4})?)?")
PIECE_RE = re.compile(r"([^();]*?)\(([^()]*)\)")


def country_names(alpha3):
    names = set()
    c = pycountry.countries.get(alpha_3=alpha3)
    if c:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(c, attr):
                names.add(getattr(c, attr))
    names.update(ALIASES.get(alpha3, []))
    return {n.lower() for n in names}


def years_of(text):
    """Years held, from "2011-2014, 2019-" style text; None if no year."""
    out = set()
    found = False
    for m in YEARS_RE.finditer(text):
        a = int(m.group(1))
        if a < 1900 or a > THIS_YEAR + 1:
            continue
        found = True
        if m.group(0).rstrip().endswith(("-", "–")) and m.group(2) is None:
            b = THIS_YEAR
        elif m.group(2):
            b = int(m.group(2))
        else:
            b = a
        out.update(range(a, b + 1))
    return out if found else None


def own_country(office, kind, names):
    """True unless the office text, after its office phrase, names another place
    ("Prime Minister of the Kurdistan Region", "Chief Minister of Gujarat")."""
    rx = dict(OFFICES)[kind]
    m = rx.search(office)
    rest = office[m.end():] if m else office
    of = re.search(r"\bof (the )?(.+)$", rest.strip(), re.I)
    if not of:
        return True
    rest = rest.strip()[of.start():].lower()
    return any(n in rest for n in names)


def top_split(text, sep=";"):
    """Split at `sep` outside parentheses."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def paren_groups(seg):
    """(text before, text inside, end) for each top-level parenthesis of `seg`."""
    depth, start, last = 0, None, 0
    for i, ch in enumerate(seg):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0:
                yield seg[last:start], seg[start + 1:i], i + 1
                last = i + 1


def pieces(role):
    """(office text, years text) pairs from a role string."""
    for seg in top_split(role):
        seg = seg.strip()
        got = False
        carry = ""
        for before, inside, end in paren_groups(seg):
            if years_of(top_split(inside)[0]) is None:
                # "Yang di-Pertuan Agong (King) of Malaysia (2019-2024)": not a years group.
                carry += before + "(" + inside + ")"
                continue
            office = (carry + before).strip(" ,")
            carry = ""
            if office.lower().startswith("and "):
                office = office[4:]
            # "Prime Minister (2020-) and Crown Prince (1999-) of Bahrain": the country
            # after the last piece belongs to every piece.
            tail = seg[end:]
            of = re.match(r"\s*(of [^(;,]+)$", tail)
            if of and " of " not in office:
                office = office + " " + of.group(1)
            # Only the years part of "(2011-2014, acting 2015; ...)" counts.
            yield office, top_split(inside)[0]
            got = True
        if not got and seg:
            # "President of Egypt 1981-2011": years in the text itself.
            m = re.search(r"\b(1[89]|20)\d\d\b", seg)
            if m:
                yield seg[:m.start()].strip(" ,"), seg[m.start():]
            else:
                yield seg, ""


def classify(office):
    """[(office kind, text from this office to the end)] for each office named in `office`;
    "King and Prime Minister of Saudi Arabia" names two, "Deputy Prime Minister and Minister of
    Foreign Affairs" one."""
    out = []
    pos = 0
    for part in re.split(r"(,\s*|\s+and\s+)", office):
        start = pos
        pos += len(part)
        if not part.strip() or re.fullmatch(r",\s*|\s+and\s+", part):
            continue
        if NOT_OFFICE.search(part):
            continue
        for name, rx in OFFICES:
            if rx.search(part):
                out.append((name, office[start:]))
                break
    return out


def load(actor_dir):
    entries = []
    for path in sorted(glob.glob(os.path.join(actor_dir, "*.toml"))):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for a in data.get("actor", []):
            entries.append((os.path.basename(path), a))
    return entries


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    actor_dir = os.path.join(here, "..", "actors")
    entries = load(actor_dir)
    assert len(UN_MEMBERS) == 193 and len(set(UN_MEMBERS)) == 193, len(UN_MEMBERS)
    held = {(c, o): set() for c in UN_MEMBERS for o in ("HOS", "HOG", "FM", "GG")}
    holders = {(c, o): [] for c in UN_MEMBERS for o in ("HOS", "HOG", "FM", "GG")}
    unparsed = []
    monarchs = set()
    for _file, a in entries:
        c = a.get("country")
        role = a.get("role", "")
        if not c or not role:
            continue
        names = country_names(c)
        for whole, years in pieces(role):
            for o, office in classify(whole):
                if not own_country(office, o, names):
                    # "King of the United Kingdom and the other Commonwealth realms"
                    if c == "GBR" and re.search(r"commonwealth realms|realms", office, re.I):
                        pass
                    else:
                        unparsed.append((c, a["name"], office, "other country"))
                        continue
                ys = years_of(years)
                if ys is None:
                    unparsed.append((c, a["name"], office, "no years"))
                    continue
                if (c, o) in held:
                    held[(c, o)].update(ys)
                    holders[(c, o)].append(a["name"])
                if c == "GBR" and o == "HOS":
                    monarchs.update(ys)
    # The British monarch heads the realms.
    for r in REALMS:
        until = REALM_UNTIL.get(r, THIS_YEAR)
        held[(r, "HOS")].update(y for y in monarchs if y <= until)
    for c in PRESIDENTIAL:
        held[(c, "HOG")].update(held[(c, "HOS")])
    for c, (a, b) in HOS_IS_HOG.items():
        held[(c, "HOG")].update(y for y in held[(c, "HOS")] if a <= y <= b)
    for c in FM_IS_HOG:
        held[(c, "HOG")].update(held[(c, "FM")])
    for key, ys in VACANT.items():
        held[key].update(ys)

    def missing(c, o):
        want = set(YEARS)
        if o == "GG":
            if c not in REALMS:
                return set()
            want = {y for y in want if y <= REALM_UNTIL.get(c, THIS_YEAR)}
        return want - held[(c, o)]

    mode = argv[1] if len(argv) > 1 else "--gaps"
    offices = ("HOS", "HOG", "FM", "GG")
    complete = {o: 0 for o in offices}
    gaps = []
    for c in UN_MEMBERS:
        row = []
        for o in offices:
            m = missing(c, o)
            if not m:
                complete[o] += 1
            else:
                row.append((o, m))
        if row:
            gaps.append((c, row))
    if mode == "--unparsed":
        for u in unparsed:
            print("\t".join(u))
        return 0
    if mode != "--summary":
        for c, row in gaps:
            cname = pycountry.countries.get(alpha_3=c).name
            parts = []
            for o, m in row:
                if len(m) == len(YEARS) or (o == "GG" and not held[(c, o)]):
                    parts.append(f"{o}: none")
                else:
                    parts.append(f"{o}: {spans(m)}")
            print(f"{c} {cname}: " + "; ".join(parts))
    n_realms = len(REALMS)
    total = sum(len(a.get(l, [])) for _, a in entries for l in ("ar",))
    print(f"\nUN members complete {START_YEAR}-{THIS_YEAR} (year granularity): "
          f"head of state {complete['HOS']}/193, head of government {complete['HOG']}/193, "
          f"foreign minister {complete['FM']}/193, governor-general {complete['GG'] - (193 - n_realms)}/{n_realms} realms; "
          f"countries with every office complete: {193 - len(gaps)}/193")
    per_lang = {l: sum(len(a.get(l, [])) for _, a in entries) for l in ("ar", "en", "fr")}
    print(f"Dictionary: {len(entries)} entries; names ar {per_lang['ar']}, en {per_lang['en']}, "
          f"fr {per_lang['fr']}; {len(unparsed)} role pieces not read (--unparsed)")
    del total
    return 0


def spans(years):
    ys = sorted(years)
    out = []
    start = prev = ys[0]
    for y in ys[1:]:
        if y == prev + 1:
            prev = y
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        start = prev = y
    out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ",".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
