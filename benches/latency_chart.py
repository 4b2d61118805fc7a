#!/usr/bin/env python3
"""Draws p50 and p99 latency against offered rate from benches/latency.sh
results (target/latency/<label>.jsonl, one line per rate) as a small SVG.

    python3 benches/latency_chart.py --out benches/latency.svg \
        target/latency/ordered.jsonl target/latency/unordered.jsonl

One colour per file (its label), solid line p50, dashed line p99; the y axis
is logarithmic (ms), a grey line marks the 50 ms p99 target. No plotting
library: the SVG is written by hand.
"""
import argparse
import json
import math

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    series = []
    for path in args.files:
        rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
        rows = [r for r in rows if r.get("p50_ms") is not None]
        rows.sort(key=lambda r: r["offered_per_s"])
        if rows:
            series.append((rows[0]["label"], rows))
    w, h, left, right, top, bottom = 560, 340, 60, 150, 20, 45
    pw, ph = w - left - right, h - top - bottom
    rates = [r["offered_per_s"] for _, rows in series for r in rows]
    values = [v for _, rows in series for r in rows for v in (r["p50_ms"], r["p99_ms"])]
    xmax = max(rates) * 1.05
    ymin, ymax = 1, max(max(values) * 1.5, 100)
    x = lambda v: left + pw * v / xmax
    y = lambda v: top + ph * (1 - (math.log10(max(v, ymin)) - math.log10(ymin)) / (math.log10(ymax) - math.log10(ymin)))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="black"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="black"/>']
    decade = 1
    while decade <= ymax:
        for m in (1, 2, 5):
            v = decade * m
            if ymin <= v <= ymax:
                out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="#eee"/>')
                out.append(f'<text x="{left - 5}" y="{y(v) + 4:.1f}" text-anchor="end">{v:g}</text>')
        decade *= 10
    step = 250 if xmax > 1000 else 100
    for v in range(0, int(xmax) + 1, step):
        out.append(f'<text x="{x(v):.1f}" y="{top + ph + 15}" text-anchor="middle">{v}</text>')
    out.append(f'<line x1="{left}" y1="{y(50):.1f}" x2="{left + pw}" y2="{y(50):.1f}" stroke="#999" stroke-dasharray="2,3"/>')
    out.append(f'<text x="{left + pw - 2}" y="{y(50) - 3:.1f}" text-anchor="end" fill="#777">50 ms</text>')
    out.append(f'<text x="{left + pw / 2}" y="{h - 8}" text-anchor="middle">offered articles/s</text>')
    out.append(f'<text x="14" y="{top + ph / 2}" text-anchor="middle" transform="rotate(-90 14 {top + ph / 2})">latency, ms (log)</text>')
    for i, (label, rows) in enumerate(series):
        c = COLOURS[i % len(COLOURS)]
        for key, dash in (("p50_ms", ""), ("p99_ms", ' stroke-dasharray="5,3"')):
            pts = " ".join(f"{x(r['offered_per_s']):.1f},{y(r[key]):.1f}" for r in rows)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"{dash}/>')
            for r in rows:
                out.append(f'<circle cx="{x(r["offered_per_s"]):.1f}" cy="{y(r[key]):.1f}" r="2.5" fill="{c}"/>')
        ly = top + 14 + i * 34
        out.append(f'<line x1="{left + pw + 12}" y1="{ly}" x2="{left + pw + 32}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        out.append(f'<text x="{left + pw + 36}" y="{ly + 4}">{label} p50</text>')
        out.append(f'<line x1="{left + pw + 12}" y1="{ly + 14}" x2="{left + pw + 32}" y2="{ly + 14}" stroke="{c}" stroke-width="2" stroke-dasharray="5,3"/>')
        out.append(f'<text x="{left + pw + 36}" y="{ly + 18}">{label} p99</text>')
    out.append("</svg>")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
