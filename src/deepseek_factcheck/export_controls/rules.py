"""US export controls on AI chips to China, as code.

The tests of ECCN 3A090 (:func:`controlled_2022`, :func:`classify_2023`, :func:`band_2023`) take
a chip's specifications and say whether it is caught, and how; :func:`chip_table` computes every
chip's total processing performance (TPP), performance density and aggregate input/output
bandwidth from ``data/chips.csv``; :func:`china_status` and :func:`sale_windows` derive, for each
chip, when a measure in ``data/export_rules.csv`` restricted it for China (or allowed it again);
:func:`entity_listing` and :func:`status_on` add the Entity List, which binds a listed company
whatever the chip. Nothing here names a chip's status: it follows from the thresholds and the
dated measures.

The thresholds (interim final rules of 7 October 2022, 87 FR 62186, and 17 October 2023,
88 FR 73458):

* 2022, 3A090.a: an "aggregate bidirectional transfer rate over all inputs and outputs of 600
  Gbyte/s or more" to or from chips other than volatile memory **and** processing performance
  (TOPS x bit length) of at least 4800. All inputs and outputs count: NVLink **and** the PCIe
  host interface (:func:`aggregate_io`).
* 2023, 3A090.a: TPP of at least 4800, or TPP of at least 1600 with performance density of at
  least 5.92; 3A090.b: TPP of 2400 to under 4800 with density of 1.6 to under 5.92, or TPP of at
  least 1600 with density of 3.2 to under 5.92. TPP = 2 x MacTOPS x bit length (= dense TOPS x
  bit length, counting a multiply-accumulate as two operations); density = TPP / die area in mm2.
  Note 2 to 3A090: items not designed or marketed for use in data centres are outside 3A090
  unless their TPP is 4800 or more. License Exception NAC (export after notifying BIS) covers
  3A090.a items not designed or marketed for data centres with TPP of 4800 or more, and 3A090.b
  items designed or marketed for data centres; for China it needs the notice (:func:`band_2023`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..core.tables import load_table

TPP_2022 = 4800  # "bit length x TOPS" of the 2022 rule
INTERCONNECT_2022_GBPS = 600
TPP_A = 4800
TPP_A_DENSE = 1600
DENSITY_A = 5.92
TPP_B_LOW = 2400
DENSITY_B_LOW = 1.6
DENSITY_B_MID = 3.2
TIMELINE_END = dt.date(2025, 12, 31)

# a chip's status for China on a day (china_status)
NOT_RELEASED, LEGAL, NAC, RESTRICTED, LICENSED, APPROVAL = (
    "not released", "legal", "notice (NAC)", "restricted", "licensed", "approval announced")
STATUSES = (NOT_RELEASED, LEGAL, NAC, RESTRICTED, LICENSED, APPROVAL)
TIGHTENING = {NAC: 1, RESTRICTED: 2}  # how far a measure restricts: a later measure can only tighten
RELAXING = (LICENSED, APPROVAL)
MEASURE_TESTS = ("", "named", "3a090-2022", "tpp-4800", "3a090-2023", "h20-letter", "licensed", "approval-announced")


def tpp(mac_tops: float, bit_length: int) -> float:
    """Total processing performance: 2 x MacTOPS x bit length (the 2023 rule's definition)."""
    return 2 * mac_tops * bit_length


def tpp_from_tops(tops: float, bit_length: int) -> float:
    """TPP from a dense throughput quoted in TOPS or TFLOPS (a multiply-accumulate counted as two operations)."""
    return tpp(tops / 2, bit_length)


def chip_tpp(tops_16bit: float | None, tops_8bit: float | None = None) -> float:
    """A chip's TPP: the largest over the bit lengths given (the rule takes the highest)."""
    values = [tpp_from_tops(t, bits) for t, bits in ((tops_16bit, 16), (tops_8bit, 8)) if t is not None and not pd.isna(t)]
    if not values:
        raise ValueError("a chip needs a throughput at some bit length")
    return max(values)


def density(tpp_value: float, die_area_mm2: float | None) -> float | None:
    """Performance density: TPP per mm2 of die area; None when the die area is unknown."""
    if die_area_mm2 is None or pd.isna(die_area_mm2):
        return None
    if die_area_mm2 <= 0:
        raise ValueError("die area must be positive")
    return tpp_value / die_area_mm2


# The largest die one lithography exposure prints: a reticle field of 26 x 33 mm. Nvidia gives no
# die area for the B200, only that it is two "reticle-limited" dies; that bounds its area from above
# and so its performance density from below (:func:`density_floor`).
RETICLE_FIELD_MM2 = 26 * 33
RETICLE_LIMITED_DIES = {"B200": 2}  # chip -> number of reticle-limited logic dies, where no area is published


def density_floor(tpp_value: float, dies: int, die_area_max_mm2: float = RETICLE_FIELD_MM2) -> float:
    """The least performance density a chip of ``dies`` dies can have, each die at most ``die_area_max_mm2``."""
    if dies < 1 or die_area_max_mm2 <= 0:
        raise ValueError("a chip needs at least one die of positive area")
    return tpp_value / (dies * die_area_max_mm2)


def _known(value) -> bool:
    return value is not None and not pd.isna(value)


def aggregate_io(nvlink_gbps: float | None, pcie_gbps: float | None) -> float | None:
    """The 2022 rule's "aggregate bidirectional transfer rate over all inputs and outputs": the
    chip-to-chip links (NVLink) plus the host interface (PCIe), in GB/s. None if neither is known;
    a known part alone is a lower bound (see :func:`controlled_2022`)."""
    parts = [v for v in (nvlink_gbps, pcie_gbps) if _known(v)]
    return float(sum(parts)) if parts else None


def controlled_2022(tpp_value: float, io_gbps: float | None) -> bool | None:
    """The October 2022 test of 3A090: both thresholds met, the bandwidth being the aggregate over
    all inputs and outputs (:func:`aggregate_io`). None if the bandwidth is unknown and the
    performance test alone does not settle it."""
    if tpp_value < TPP_2022:
        return False
    if not _known(io_gbps):
        return None
    return bool(io_gbps >= INTERCONNECT_2022_GBPS)


def margin_2022(io_gbps: float | None) -> float | None:
    """How far the aggregate bandwidth is from the 2022 threshold, in GB/s (negative: below it)."""
    return io_gbps - INTERCONNECT_2022_GBPS if _known(io_gbps) else None


def classify_2023(tpp_value: float, density_value: float | None, datacenter: bool = True) -> str | None:
    """The October 2023 test: ``"3A090.a"``, ``"3A090.b"`` or ``""`` (not caught).

    ``datacenter``: whether the item is designed or marketed for use in data centres; Note 2 to
    3A090 puts an item that is not, with TPP under 4800, outside 3A090 whatever its density.
    None when the density is unknown and the TPP alone does not decide.
    """
    if not datacenter and tpp_value < TPP_A:
        return ""
    if tpp_value >= TPP_A:
        return "3A090.a"
    if tpp_value < TPP_A_DENSE:
        return ""
    if density_value is None:
        return None
    if density_value >= DENSITY_A:
        return "3A090.a"
    if TPP_B_LOW <= tpp_value < TPP_A and DENSITY_B_LOW <= density_value < DENSITY_A:
        return "3A090.b"
    if DENSITY_B_MID <= density_value < DENSITY_A:
        return "3A090.b"
    return ""


def band_2023(result: str | None, datacenter: bool) -> str | None:
    """What the 2023 rule requires for China of an item classified ``result``: ``"licence"``,
    ``"NAC"`` (License Exception NAC: export allowed after notice to BIS, which may then require a
    licence) or ``""`` (outside 3A090). NAC covers 3A090.a items not designed or marketed for data
    centres (their TPP is 4800 or more, by Note 2) and 3A090.b items designed or marketed for
    them; other 3A090 items need a licence."""
    if result is None:
        return None
    if result == "":
        return ""
    if result == "3A090.a":
        return "licence" if datacenter else "NAC"
    if result == "3A090.b":
        return "NAC" if datacenter else "licence"
    raise ValueError(f"unknown 3A090 result {result!r}")


def chip_table(folder: Path | None = None, chips: pd.DataFrame | None = None) -> pd.DataFrame:
    """``data/chips.csv`` with TPP, density, the aggregate bandwidth and the 2022 and 2023 results computed.

    A table without the ``datacenter`` or ``pcie_gbps`` columns is read as data-centre chips
    whose host-interface bandwidth is unknown."""
    frame = (chips if chips is not None else load_table("chips", folder)).copy()
    if "datacenter" not in frame:
        frame["datacenter"] = True
    if "pcie_gbps" not in frame:
        frame["pcie_gbps"] = None
    frame["datacenter"] = frame["datacenter"].astype(bool)
    frame["tpp"] = [chip_tpp(a, b) for a, b in zip(frame["tops_16bit"], frame["tops_8bit"])]
    frame["density"] = [density(t, a) for t, a in zip(frame["tpp"], frame["die_area_mm2"])]
    frame["density_floor"] = [density_floor(t, RETICLE_LIMITED_DIES[c]) if not _known(d) and c in RETICLE_LIMITED_DIES else None
                              for c, t, d in zip(frame["chip"], frame["tpp"], frame["density"])]
    frame["io_gbps"] = [aggregate_io(n, p) for n, p in zip(frame["interconnect_gbps"], frame["pcie_gbps"])]
    frame["margin_2022_gbps"] = [margin_2022(i) for i in frame["io_gbps"]]
    frame["rule_2022"] = pd.Series([controlled_2022(t, i) for t, i in zip(frame["tpp"], frame["io_gbps"])], index=frame.index, dtype=object)
    frame["rule_2023"] = [classify_2023(t, d, dc) for t, d, dc in zip(frame["tpp"], frame["density"], frame["datacenter"])]
    frame["without_note_2"] = [classify_2023(t, d) for t, d in zip(frame["tpp"], frame["density"])]
    frame["band_2023"] = [band_2023(r, dc) for r, dc in zip(frame["rule_2023"], frame["datacenter"])]
    return frame


def _h20_letter(chip: dict, reference: dict) -> bool:
    """The April 2025 letter: the H20, or any chip reaching its memory or interconnect bandwidth."""
    if chip["chip"] == "H20":
        return True
    memory = chip.get("memory_bandwidth_gbps")
    link = chip.get("interconnect_gbps")
    return bool((memory is not None and not pd.isna(memory) and memory >= reference["memory_bandwidth_gbps"])
                or (link is not None and not pd.isna(link) and link >= reference["interconnect_gbps"]))


def _named(measure: dict, field: str = "chips_named") -> list[str]:
    return [c.strip() for c in str(measure.get(field) or "").split(";") if c.strip()]


def effect(measure: dict, chip: dict, chips: pd.DataFrame) -> str | None:
    """What a measure of ``data/export_rules.csv`` does to a chip for China: ``restricted``,
    ``notice (NAC)``, ``licensed`` (sales allowed again under licence), ``approval announced``
    (allowed in principle, no rule yet), ``""`` (nothing), or None (the data cannot tell)."""
    test = measure["test"] if isinstance(measure["test"], str) else ""
    if test not in MEASURE_TESTS:
        raise ValueError(f"measure {measure.get('id')}: unknown test {test!r}")
    if test in ("named", "licensed", "approval-announced"):
        status = {"named": RESTRICTED, "licensed": LICENSED, "approval-announced": APPROVAL}[test]
        return status if chip["chip"] in _named(measure) else ""
    if test == "3a090-2022":
        caught = controlled_2022(chip["tpp"], chip["io_gbps"])
        return None if caught is None else (RESTRICTED if caught else "")
    if test == "tpp-4800":  # the letter of 23 October 2023: data-centre products with TPP of 4800 or more
        return RESTRICTED if chip["datacenter"] and chip["tpp"] >= TPP_A else ""
    if test == "3a090-2023":
        band = band_2023(classify_2023(chip["tpp"], chip["density"], chip["datacenter"]), chip["datacenter"])
        return None if band is None else {"licence": RESTRICTED, "NAC": NAC, "": ""}[band]
    if test == "h20-letter":
        reference = chips.set_index("chip").loc["H20"].to_dict()
        return RESTRICTED if _h20_letter(chip, reference) else ""
    return ""


def catches(measure: dict, chip: dict, chips: pd.DataFrame) -> bool | None:
    """Whether a measure restricts a chip for China (a licence, or a notice under NAC) or, for a
    relaxation, applies to it; None if the data cannot tell."""
    result = effect(measure, chip, chips)
    return None if result is None else result != ""


def in_force(measure: dict, rules: pd.DataFrame, day: dt.date) -> bool:
    """Whether a measure applies on ``day``: in effect, and (for the 2022 test) not yet replaced by the 2023 rule."""
    if measure["effective"] > day:
        return False
    if measure["test"] == "3a090-2022":
        replaced = rules[(rules["test"] == "3a090-2023") & (rules["effective"] <= day)]
        return replaced.empty
    return True


def china_status(chips: pd.DataFrame, rules: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Each chip's status for China on ``day`` (one of :data:`STATUSES`), with the measure
    responsible (``by``) and the date the status began (``since``).

    A chip caught by a measure in force when it was released takes the strictest such effect from
    its release; after that, each measure in date order can only tighten a status (legal, then a
    notice under NAC, then a licence requirement), and a relaxation (``licensed``, ``approval
    announced``) applies only to a chip that needs a licence. Entity List rows bind companies, not
    chips: see :func:`status_on`.
    """
    ordered = rules[rules["test"].fillna("") != ""].sort_values("effective", kind="stable").to_dict("records")
    rows = []
    for chip in chips.to_dict("records"):
        released = chip["released"]
        if released > day:
            rows.append({"chip": chip["chip"], "status": NOT_RELEASED, "by": "", "since": None})
            continue
        status, by, since = LEGAL, "", released
        for m in ordered:
            if m["test"] in ("licensed", "approval-announced") or m["effective"] > released or not in_force(m, rules, released):
                continue
            result = effect(m, chip, chips)
            if result in TIGHTENING and TIGHTENING[result] >= TIGHTENING.get(status, 0):
                status, by = result, m["id"]
        for m in ordered:
            if m["effective"] <= released or m["effective"] > day:
                continue
            result = effect(m, chip, chips)
            if result in RELAXING:
                if status in (RESTRICTED, LICENSED, APPROVAL) and result != status:
                    status, by, since = result, m["id"], m["effective"]
            elif result in TIGHTENING and in_force(m, rules, m["effective"]) and TIGHTENING[result] > TIGHTENING.get(status, 0):
                if status in (LEGAL, NAC):
                    status, by, since = result, m["id"], m["effective"]
        rows.append({"chip": chip["chip"], "status": status, "by": by, "since": since})
    return pd.DataFrame(rows)


def sale_windows(chips: pd.DataFrame, rules: pd.DataFrame, end: dt.date = TIMELINE_END) -> pd.DataFrame:
    """Each chip's periods for China: ``legal`` from release to the first measure that caught it,
    ``restricted`` after it, ``licensed`` if a later decision allowed sales again (up to ``end``)."""
    days = sorted({d for d in rules["effective"] if d <= end} | {d for d in chips["released"] if d <= end})
    statuses = {day: china_status(chips, rules, day).set_index("chip") for day in days}
    rows = []
    for chip in chips["chip"]:
        current = None
        for day in days:
            status = statuses[day].loc[chip]
            if status["status"] == "not released":
                continue
            if current is None or status["status"] != current["status"]:
                if current is not None:
                    current["end"] = day
                    rows.append(current)
                current = {"chip": chip, "status": status["status"], "start": day, "by": status["by"]}
        if current is not None:
            current["end"] = end
            rows.append(current)
    return pd.DataFrame(rows, columns=["chip", "status", "start", "end", "by"])


def listed_entities(rules: pd.DataFrame) -> list[str]:
    """Every company named by an Entity List row of the measures."""
    return list(dict.fromkeys(e for _, m in rules[rules["kind"] == "entity list"].iterrows() for e in _named(m, "entities_named")))


def entities_in(text: str, rules: pd.DataFrame) -> list[str]:
    """The listed companies a text names (case-insensitive)."""
    lowered = (text or "").lower()
    return [e for e in listed_entities(rules) if e.lower() in lowered]


def entity_listing(rules: pd.DataFrame, entity: str, day: dt.date) -> dict | None:
    """The Entity List row that put ``entity`` on the list, if it was listed by ``day``; else None.
    A listing requires a licence for every item subject to the EAR (any chip), whatever its specifications."""
    listed = rules[(rules["kind"] == "entity list") & (rules["effective"] <= day)]
    for _, m in listed.sort_values("effective").iterrows():
        if entity.lower() in (e.lower() for e in _named(m, "entities_named")):
            return m.to_dict()
    return None


def status_on(chips: pd.DataFrame, rules: pd.DataFrame, chip: str, day: dt.date, entity: str | None = None) -> dict:
    """One chip's status on a day (a row of :func:`china_status`), for China or, with ``entity``,
    for that Chinese company: if it was on the Entity List by then, the chip is ``restricted`` for
    it from its listing (``entity_by``, ``entity_since``), whatever the chip's status for China
    (kept as ``country_status``)."""
    table = china_status(chips, rules, day).set_index("chip")
    if chip not in table.index:
        raise LookupError(f"chip {chip!r} is not in data/chips.csv (known: {', '.join(table.index)})")
    row = {"chip": chip, **table.loc[chip].to_dict()}
    row.update(country_status=row["status"], entity=entity or "", entity_by="", entity_since=None)
    listing = entity_listing(rules, entity, day) if entity else None
    if listing is not None and row["status"] != NOT_RELEASED:
        row.update(status=RESTRICTED, entity_by=listing["id"], entity_since=listing["effective"])
    return row


def load(folder: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chips with their computed results, and the measures."""
    return chip_table(folder), load_table("export_rules", folder)
