"""The SVG chart, parsed back as XML: its marks, labels and the words that describe it."""

import shutil
import subprocess
from decimal import Decimal
from xml.etree import ElementTree

import pytest
import weasyprint
from defusedxml import ElementTree as SafeElementTree

from kpis.charts import Kind, Point, describe, nice_maximum, svg_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ElementTree.Element:
    return SafeElementTree.fromstring(str(markup))


def marks(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return [element for element in svg.iter() if element.get("class") == "point"]


POINTS = [("Q1 24/25", 12, 40), ("Q2 24/25", 30, 40), ("Q3 24/25", None, 40), ("Q4 24/25", 7)]


@pytest.mark.parametrize("kind", [Kind.COLUMN, Kind.LINE])
def test_it_draws_one_mark_per_figure_with_its_label_and_value(kind):
    svg = parse(
        svg_chart(
            POINTS, title="1.2 Participation", x_label="Quarter", y_label="Young people", kind=kind
        )
    )
    drawn = marks(svg)
    assert [(m.get("data-label"), m.get("data-value")) for m in drawn] == [
        ("Q1 24/25", "12"),
        ("Q2 24/25", "30"),
        ("Q4 24/25", "7"),
    ]
    expected_tag = "rect" if kind == Kind.COLUMN else "circle"
    assert {m.tag for m in drawn} == {SVG + expected_tag}
    assert [m.find(SVG + "title").text for m in drawn] == [
        "Q1 24/25: 12",
        "Q2 24/25: 30",
        "Q4 24/25: 7",
    ]


def test_a_bigger_value_is_drawn_higher():
    svg = parse(svg_chart(POINTS, title="t", x_label="x", y_label="y"))
    heights = {m.get("data-label"): float(m.get("height")) for m in marks(svg)}
    assert heights["Q2 24/25"] > heights["Q1 24/25"] > heights["Q4 24/25"] > 0


def test_it_is_an_image_with_a_title_a_description_and_axis_labels():
    svg = parse(
        svg_chart(POINTS, title="1.2 Participation", x_label="Quarter", y_label="Young people")
    )
    assert svg.tag == SVG + "svg"
    assert svg.get("role") == "img"
    title = svg.find(SVG + "title")
    desc = svg.find(SVG + "desc")
    assert title.text == "1.2 Participation"
    assert desc.text == (
        "Q1 24/25: 12 (target 40); Q2 24/25: 30 (target 40); Q3 24/25: no figure (target 40); "
        "Q4 24/25: 7."
    )
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert svg.get("aria-label").startswith("1.2 Participation. Q1 24/25: 12")
    texts = {element.get("class"): element.text for element in svg.iter(SVG + "text")}
    assert texts["x-label"] == "Quarter"
    assert texts["y-label"] == "Young people"
    categories = [e.text for e in svg.iter(SVG + "text") if e.get("class") == "category"]
    assert categories == ["Q1 24/25", "Q2 24/25", "Q3 24/25", "Q4 24/25"]


def test_targets_are_dashed_lines_named_in_words():
    svg = parse(svg_chart(POINTS, title="t", x_label="x", y_label="y"))
    targets = [e for e in svg.iter(SVG + "line") if e.get("class") == "target"]
    assert [(t.get("data-label"), t.get("data-target")) for t in targets] == [
        ("Q1 24/25", "40"),
        ("Q2 24/25", "40"),
        ("Q3 24/25", "40"),
    ]
    assert all(t.get("stroke-dasharray") for t in targets)
    assert "Target" in [e.text for e in svg.iter(SVG + "text")]


def test_a_line_breaks_where_a_figure_is_missing():
    svg = parse(svg_chart(POINTS, title="t", x_label="x", y_label="y", kind="line"))
    runs = [p.get("points").split() for p in svg.iter(SVG + "polyline")]
    assert [len(run) for run in runs] == [2, 1]


def test_percentages_carry_their_sign_and_a_fixed_top():
    points = [Point("Q1", Decimal("62.5"), Decimal(75)), Point("Q2", Decimal(80))]
    svg = parse(svg_chart(points, title="t", x_label="x", y_label="%", suffix="%", y_maximum=100))
    values = [e.text for e in svg.iter(SVG + "text") if e.get("class") == "value"]
    assert values == ["62.5%", "80%"]
    ticks = [e.text for e in svg.iter(SVG + "text") if e.get("class") == "tick"]
    assert ticks == ["0%", "25%", "50%", "75%", "100%"]


def test_text_from_the_records_is_escaped():
    markup = svg_chart(
        [("<script>alert(1)</script>", 3)], title="A & B", x_label="<x>", y_label="y"
    )
    svg = parse(markup)  # still well-formed XML
    assert "<script>" not in str(markup)
    assert svg.find(SVG + "title").text == "A & B"
    assert marks(svg)[0].get("data-label") == "<script>alert(1)</script>"


def test_no_points_still_makes_a_valid_chart():
    svg = parse(svg_chart([], title="Nothing yet", x_label="x", y_label="y"))
    assert marks(svg) == []
    assert svg.find(SVG + "desc").text == "No figures."


def test_two_charts_on_a_page_have_different_ids():
    first = parse(svg_chart(POINTS, title="a", x_label="x", y_label="y"))
    second = parse(svg_chart(POINTS, title="b", x_label="x", y_label="y"))
    assert first.find(SVG + "title").get("id") != second.find(SVG + "title").get("id")


def test_it_has_no_script():
    markup = str(svg_chart(POINTS, title="t", x_label="x", y_label="y"))
    assert "<script" not in markup and "onclick" not in markup.lower()


@pytest.mark.parametrize(
    ("largest", "top"),
    [(0, 5), (3, 3), (7, 8), (12, 15), (22, 25), (42, 50), (101, 150), (0.4, 0.4)],
)
def test_the_value_axis_ends_at_a_round_number(largest, top):
    assert nice_maximum(largest) == top


def test_describe_names_missing_figures():
    assert describe([Point("Q1", None)]) == "Q1: no figure."


def test_the_grid_is_drawn_at_round_values():
    svg = parse(svg_chart([("Q1", 22), ("Q2", 6)], title="t", x_label="x", y_label="y"))
    ticks = [e.text for e in svg.iter(SVG + "text") if e.get("class") == "tick"]
    assert ticks == ["0", "5", "10", "15", "20", "25"]


SO_FAR = "so far, to 2 December 2026"


def test_a_period_not_over_is_drawn_hatched_and_said_so_in_its_label_and_words():
    points = [Point("Q2 26/27", 10), Point("Q3 26/27", 4, so_far=SO_FAR)]
    svg = parse(svg_chart(points, title="t", x_label="x", y_label="y"))
    first, second = marks(svg)
    assert first.get("fill") == "#0d6efd"
    # Hatched: a pattern (not a paler shade alone), named in the legend.
    pattern = svg.find(f"{SVG}defs/{SVG}pattern")
    assert second.get("fill") == f"url(#{pattern.get('id')})"
    assert second.find(SVG + "title").text == "Q3 26/27: 4 so far, to 2 December 2026"
    assert svg.find(SVG + "desc").text == "Q2 26/27: 10; Q3 26/27: 4 so far, to 2 December 2026."
    labels = ["".join(e.itertext()) for e in svg.iter(SVG + "text") if e.get("class") == "category"]
    assert labels == ["Q2 26/27", "Q3 26/27(so far)"]
    legend = [e.text for e in svg.iter(SVG + "text")]
    assert "So far: the period is not over" in legend


def test_a_point_so_far_on_a_line_is_a_ring_and_a_chart_with_none_has_no_hatching():
    svg = parse(
        svg_chart(
            [Point("Q1", 50), Point("Q2", 60, so_far=SO_FAR)],
            title="t",
            x_label="x",
            y_label="y",
            kind=Kind.LINE,
        )
    )
    first, second = marks(svg)
    assert (first.get("fill"), second.get("fill")) == ("#0d6efd", "#ffffff")
    plain = parse(svg_chart([Point("Q1", 50)], title="t", x_label="x", y_label="y"))
    assert plain.find(f"{SVG}defs") is None
    assert "So far" not in "".join(plain.itertext())


def test_weasyprint_draws_it_into_a_pdf(tmp_path):
    """The chart is for the return's PDF too: WeasyPrint renders inline SVG, text included."""
    chart = svg_chart(POINTS, title="1.2 Participation", x_label="Quarter", y_label="Young people")
    html = f"<html><body><h1>Return</h1><div style='width: 16cm'>{chart}</div></body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        path = tmp_path / "chart.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(  # noqa: S603 - a fixed tool on a file this test wrote
            [pdftotext, str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Q2 24/25" in text and "Young people" in text and "30" in text


def test_an_axis_of_nothing_but_zeros_steps_in_whole_numbers():
    from kpis.charts import nice_scale

    assert nice_scale(0) == (5.0, 1.0)
