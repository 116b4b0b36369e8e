"""A view as one self-contained HTML page: an SVG drawing with pan, zoom, hover and search.

Everything is inline (data, style, script); a Content-Security-Policy forbids the page to load
anything, so it works offline and never contacts a server. Positions are computed here with
:func:`layout`; the script only draws and handles the mouse.
"""

from __future__ import annotations

import html
import json

import networkx as nx
import numpy as np

from ._layout import KIND_COLOURS, layout, short_label, spread

__all__ = ["page"]

_STYLE = """
html,body{margin:0;height:100%;font:13px system-ui,sans-serif;color:#222}
#bar{position:fixed;top:0;left:0;right:0;padding:6px 10px;background:#f4f4f4;
 border-bottom:1px solid #ccc;display:flex;gap:12px;align-items:center;z-index:2}
#bar h1{font-size:15px;margin:0}
#legend span{display:inline-block;margin-right:10px}
#legend i{display:inline-block;width:10px;height:10px;border-radius:5px;margin-right:4px}
svg{position:absolute;top:36px;left:0;width:100%;height:calc(100% - 36px);cursor:grab}
svg text{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px;pointer-events:none}
svg line{stroke:#888;stroke-opacity:.45}
svg .dim{opacity:.12}
#info{position:fixed;right:10px;top:46px;max-width:360px;max-height:70%;overflow:auto;
 background:#fff;border:1px solid #bbb;padding:8px;display:none;z-index:2}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var NS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("view");
  var root = document.createElementNS(NS, "g");
  svg.appendChild(root);
  var edgeLayer = document.createElementNS(NS, "g");
  var nodeLayer = document.createElementNS(NS, "g");
  root.appendChild(edgeLayer);
  root.appendChild(nodeLayer);
  var byId = {}, neighbours = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; neighbours[n.id] = []; });
  if (data.directed) {
    var defs = document.createElementNS(NS, "defs");
    defs.innerHTML = '<marker id="arrow" viewBox="0 0 10 10" refX="18" refY="5" ' +
      'markerWidth="7" markerHeight="7" orient="auto">' +
      '<path d="M0,0L10,5L0,10z" fill="#888"/></marker>';
    svg.appendChild(defs);
  }
  data.edges.forEach(function (e) {
    var a = byId[e.source], b = byId[e.target];
    var line = document.createElementNS(NS, "line");
    line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
    line.setAttribute("x2", b.x); line.setAttribute("y2", b.y);
    line.setAttribute("stroke-width", 0.8 + 2.5 * e.w);
    if (data.directed) { line.setAttribute("marker-end", "url(#arrow)"); }
    edgeLayer.appendChild(line);
    e.el = line;
    neighbours[e.source].push(e); neighbours[e.target].push(e);
  });
  data.nodes.forEach(function (n) {
    var g = document.createElementNS(NS, "g");
    g.setAttribute("class", "node");
    g.setAttribute("data-id", n.id);
    var c = document.createElementNS(NS, "circle");
    c.setAttribute("cx", n.x); c.setAttribute("cy", n.y); c.setAttribute("r", n.r);
    c.setAttribute("fill", data.colours[n.kind] || "#999");
    c.setAttribute("stroke", "#fff");
    var t = document.createElementNS(NS, "text");
    t.setAttribute("x", n.x); t.setAttribute("y", n.y + n.r + 12);
    t.setAttribute("text-anchor", "middle");
    t.textContent = n.short;
    var tip = document.createElementNS(NS, "title");
    tip.textContent = n.label + " (" + n.kind + ")";
    g.appendChild(tip); g.appendChild(c); g.appendChild(t);
    nodeLayer.appendChild(g);
    n.el = g;
    g.addEventListener("mouseenter", function () { focus(n); });
    g.addEventListener("mouseleave", function () { focus(null); });
    g.addEventListener("click", function (ev) { show(n); ev.stopPropagation(); });
  });
  function focus(n) {
    var keep = {};
    if (n) {
      keep[n.id] = true;
      neighbours[n.id].forEach(function (e) { keep[e.source] = keep[e.target] = true; });
    }
    data.nodes.forEach(function (m) { m.el.classList.toggle("dim", !!n && !keep[m.id]); });
    data.edges.forEach(function (e) {
      e.el.classList.toggle("dim", !!n && e.source !== n.id && e.target !== n.id);
    });
  }
  var info = document.getElementById("info");
  function add(parent, tag, text) {
    var el = document.createElement(tag); el.textContent = text; parent.appendChild(el); return el;
  }
  function show(n) {
    info.textContent = "";
    add(info, "b", n.label);
    add(info, "div", n.kind + " \u2014 " + n.iri);
    if (n.names) { add(info, "div", "also: " + n.names); }
    var list = add(info, "ul", "");
    neighbours[n.id].forEach(function (e) {
      var other = byId[e.source === n.id ? e.target : e.source];
      add(list, "li", other.label + (e.about ? " \u2014 " + e.about : "") +
          (e.documents ? " [" + e.documents + "]" : ""));
    });
    info.style.display = "block";
  }
  svg.addEventListener("click", function () { info.style.display = "none"; });
  // pan and zoom by changing the viewBox
  var box = data.box.slice();
  function apply() { svg.setAttribute("viewBox", box.join(" ")); }
  apply();
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svg.getBoundingClientRect();
    var k = ev.deltaY > 0 ? 1.15 : 1 / 1.15;
    var fx = (ev.clientX - rect.left) / rect.width, fy = (ev.clientY - rect.top) / rect.height;
    var w = box[2] * k, h = box[3] * k;
    box = [box[0] + (box[2] - w) * fx, box[1] + (box[3] - h) * fy, w, h];
    apply();
  }, {passive: false});
  var drag = null;
  svg.addEventListener("mousedown", function (ev) { drag = [ev.clientX, ev.clientY]; });
  window.addEventListener("mouseup", function () { drag = null; });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var rect = svg.getBoundingClientRect();
    var s = Math.max(box[2] / rect.width, box[3] / rect.height);
    box[0] -= (ev.clientX - drag[0]) * s; box[1] -= (ev.clientY - drag[1]) * s;
    drag = [ev.clientX, ev.clientY];
    apply();
  });
  document.getElementById("search").addEventListener("input", function (ev) {
    var q = ev.target.value.toLowerCase();
    data.nodes.forEach(function (m) {
      var hit = !q || (m.label + " " + m.names).toLowerCase().indexOf(q) >= 0;
      m.el.classList.toggle("dim", !hit);
    });
  });
  document.getElementById("count").textContent =
    data.nodes.length + " nodes, " + data.edges.length + " edges";
})();
"""

_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:")

_ABOUT_KEYS = ("roles", "relations", "relation", "events", "organizations", "people",
               "letters", "dates")


def _about(data: dict[str, object]) -> str:
    parts = []
    for key in _ABOUT_KEYS:
        value = data.get(key)
        if isinstance(value, list) and value:
            parts.append(", ".join(str(v) for v in value))
        elif isinstance(value, str) and value:
            parts.append(value)
    return "; ".join(parts)


def page(G: nx.Graph, title: str) -> str:
    """The HTML text of the page showing ``G``."""
    scale = max(600.0, 110.0 * G.number_of_nodes() ** 0.5)
    pos = layout(G)
    order = list(G.nodes)
    degree = dict(G.degree())
    top = max(degree.values(), default=1) or 1
    radius = {v: 5 + 9 * (degree[v] / top) ** 0.5 for v in order}
    short = {v: short_label(str(G.nodes[v].get("label", v))) for v in order}
    # boxes of node + label, in pixels (11px text), pushed apart until no two overlap
    xy = np.array([[pos[v][0] * scale, (1 - pos[v][1]) * scale] for v in order]).reshape(-1, 2)
    half = np.array([[max(len(short[v]) * 3.3, radius[v]) + 4, radius[v] + 9]
                     for v in order]).reshape(-1, 2)
    if len(order) <= 400:  # pairwise: beyond that, zoom in instead
        xy = spread(xy, half)
    xy -= xy.min(axis=0) if len(order) else 0
    nodes = [
        {
            "id": str(v),
            "label": str(d.get("label", v)),
            "short": short[v],
            "kind": str(d.get("kind", "Other")),
            "iri": str(d.get("iri", v)),
            "names": "; ".join(str(x) for x in d.get("names", []) or []),
            "x": round(float(xy[i, 0]), 1),
            "y": round(float(xy[i, 1] - half[i, 1] + radius[v]), 1),
            "r": round(radius[v], 1),
        }
        for i, (v, d) in enumerate(G.nodes(data=True))
    ]
    extent = xy.max(axis=0) + half.max(axis=0) if len(order) else np.array([scale, scale])
    weights = [float(d.get("weight", 1)) for _, _, d in G.edges(data=True)]
    top_weight = max(weights, default=1.0) or 1.0
    edges = [
        {
            "source": str(u),
            "target": str(v),
            "w": round(w / top_weight, 3),
            "about": _about(d),
            "documents": "; ".join(str(x) for x in d.get("documents", []) or []),
        }
        for (u, v, d), w in zip(G.edges(data=True), weights, strict=True)
    ]
    pad = 60
    payload = {
        "nodes": nodes,
        "edges": edges,
        "directed": G.is_directed(),
        "colours": KIND_COLOURS,
        "box": [-pad, -pad, float(extent[0]) + 2 * pad, float(extent[1]) + 2 * pad],
    }
    # "<" is escaped so that no text of the graph can close the script element
    data = json.dumps(payload, ensure_ascii=False).replace("<", "\\u003c")
    kinds = sorted({n["kind"] for n in nodes})
    legend = "".join(
        f'<span><i style="background:{KIND_COLOURS.get(k, "#999")}"></i>{html.escape(k)}</span>'
        for k in kinds
    )
    heading = html.escape(title)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{heading}</title>\n<style>{_STYLE}</style></head>\n<body>\n"
        f'<div id="bar"><h1>{heading}</h1><span id="count"></span>'
        '<input id="search" type="search" placeholder="find a name">'
        f'<span id="legend">{legend}</span></div>\n'
        '<svg id="view" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{heading}"></svg>\n<div id="info"></div>\n'
        f'<script type="application/json" id="graph-data">{data}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body></html>\n"
    )
