// #network: who acts on whom, from /api/network (the heaviest edges only), laid out by a
// small force simulation; edge width is the event count, edge colour the share of conflict.

import { renderProfile } from "./actor.js";
import {
  CODE_RE,
  api,
  conflictColor,
  emptyState,
  field,
  fmtInt,
  fmtPct,
  fmtSigned,
  h,
  hashFor,
  parseHash,
  replaceHash,
  s,
  select,
} from "./util.js";

export async function render(root, _parts, params) {
  const level = params.get("level") === "actor" ? "actor" : "country";
  const limit = clamp(Number(params.get("limit")) || 80, 1, 2000);
  const minEvents = clamp(Number(params.get("min_events")) || 1, 1, 1e9);
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const selected = (params.get("actor") || "").toUpperCase();

  const form = h(
    "form",
    { class: "filters card" },
    h("div", { class: "filter-grid" },
      field("Level", select("level", [["country", "countries"], ["actor", "actor codes"]], level)),
      field("Edges (heaviest)", h("input", { type: "number", name: "limit", min: 1, max: 2000, value: limit })),
      field("Min. events per edge", h("input", { type: "number", name: "min_events", min: 1, value: minEvents })),
      field("From", h("input", { type: "date", name: "since", value: since })),
      field("To", h("input", { type: "date", name: "until", value: until })),
      h("div", { class: "form-actions inline" }, h("button", { type: "submit", class: "primary" }, "Draw"))),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    window.location.hash = hashFor("network", [], {
      level: f.level.value === "country" ? "" : f.level.value,
      limit: Number(f.limit.value) === 80 ? "" : f.limit.value,
      min_events: Number(f.min_events.value) > 1 ? f.min_events.value : "",
      since: f.since.value,
      until: f.until.value,
    });
  });
  form.elements.level.addEventListener("change", () => form.requestSubmit());

  root.append(
    h("div", { class: "view-head" }, h("h1", {}, "Actor network"),
      h("p", { class: "lede" }, "Directed edges from source to target, the heaviest first. Width: number of events; colour: share of conflict events (blue cooperative … red conflictual). Click a node for its profile, an edge for its timeline.")),
    form,
  );
  const data = await api("/api/network", { level, limit, min_events: minEvents, since, until });
  if (!data.edges.length) {
    root.append(emptyState("No edges.", "No events link two different actors with these filters."));
    return;
  }
  const graphBox = h("div", { class: "card graph-card" });
  const side = h("aside", { class: "card profile side-panel" },
    h("p", { class: "muted" }, "Click a node to see the actor's profile."));
  root.append(h("div", { class: "split" }, graphBox, side), networkLegend(data));

  const W = Math.max(600, graphBox.clientWidth || 900);
  const H = Math.round(Math.min(600, Math.max(460, W * 0.56)));
  const graph = drawNetwork(data, W, H, (code) => choose(code));
  graphBox.append(graph.svg);

  async function choose(code) {
    graph.select(code);
    const { view, parts, params: p } = parseHash();
    p.set("actor", code);
    replaceHash(`#${[view, ...parts].join("/")}?${p}`);
    await renderProfile(side, code);
  }
  if (selected && CODE_RE.test(selected)) await choose(selected);
}

function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, Math.round(v)));
}

function networkLegend(data) {
  const ramp = [0, 0.25, 0.5, 0.75, 1].map((t) => h("span", { class: "ramp-stop", style: `background:${conflictColor(t)}` }));
  return h("div", { class: "legend network-legend" },
    h("span", { class: "legend-item" }, h("span", { class: "ramp" }, ramp), "0% → 100% conflict events"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch line thin" }), h("span", { class: "swatch line thick" }), "few → many events"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch node" }), "node size: events involving the actor"),
    h("span", { class: "legend-item muted" }, `${fmtInt(data.nodes.length)} nodes, ${fmtInt(data.edges.length)} edges`));
}

const GRAVITY = 1.0;

/** Fruchterman-Reingold, deterministic: nodes start on a circle, busiest first. */
function layout(nodes, edges, W, H) {
  const n = nodes.length;
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const order = nodes.map((_, i) => i).sort((i, j) => nodes[j].events - nodes[i].events || (nodes[i].id < nodes[j].id ? -1 : 1));
  const pos = new Float64Array(2 * n);
  order.forEach((i, k) => {
    const angle = (2 * Math.PI * k) / n;
    const r = 0.35 * Math.min(W, H) * (0.4 + 0.6 * (k / Math.max(1, n - 1)));
    pos[2 * i] = W / 2 + r * Math.cos(angle);
    pos[2 * i + 1] = H / 2 + r * Math.sin(angle);
  });
  const links = new Map();
  const maxE = Math.max(...edges.map((e) => e.events));
  for (const e of edges) {
    const i = index.get(e.source);
    const j = index.get(e.target);
    const key = i < j ? `${i},${j}` : `${j},${i}`;
    links.set(key, (links.get(key) || 0) + e.events);
  }
  const pairs = [...links].map(([key, w]) => [...key.split(",").map(Number), 1 + Math.sqrt(w / maxE)]);
  const k = Math.sqrt((W * H) / Math.max(1, n)) * 0.55;
  const disp = new Float64Array(2 * n);
  const steps = n > 150 ? 200 : 320;
  for (let step = 0; step < steps; step += 1) {
    const temp = (Math.min(W, H) / 8) * (1 - step / steps) + 0.5;
    disp.fill(0);
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        let dx = pos[2 * i] - pos[2 * j];
        let dy = pos[2 * i + 1] - pos[2 * j + 1];
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * ((i % 3) - 1) + 0.05; dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (k * k) / d2;
        disp[2 * i] += dx * f; disp[2 * i + 1] += dy * f;
        disp[2 * j] -= dx * f; disp[2 * j + 1] -= dy * f;
      }
    }
    for (const [i, j, w] of pairs) {
      const dx = pos[2 * i] - pos[2 * j];
      const dy = pos[2 * i + 1] - pos[2 * j + 1];
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d * w) / k;
      disp[2 * i] -= dx * f; disp[2 * i + 1] -= dy * f;
      disp[2 * j] += dx * f; disp[2 * j + 1] += dy * f;
    }
    for (let i = 0; i < n; i += 1) {
      // gravity keeps disconnected groups near the middle instead of drifting apart
      disp[2 * i] -= (pos[2 * i] - W / 2) * GRAVITY;
      disp[2 * i + 1] -= (pos[2 * i + 1] - H / 2) * GRAVITY;
      const d = Math.hypot(disp[2 * i], disp[2 * i + 1]) || 1;
      const move = Math.min(d, temp);
      pos[2 * i] += (disp[2 * i] / d) * move;
      pos[2 * i + 1] += (disp[2 * i + 1] / d) * move;
    }
  }
  return pos;
}

/** Push apart nodes whose circles (and labels) overlap, keeping them inside the box. */
function separate(P, radius, W, H, pad) {
  const n = P.length;
  for (let pass = 0; pass < 80; pass += 1) {
    let moved = false;
    for (let i = 0; i < n; i += 1) {
      for (let j = i + 1; j < n; j += 1) {
        const dx = P[j][0] - P[i][0];
        const dy = P[j][1] - P[i][1];
        const d = Math.hypot(dx, dy) || 0.01;
        const need = radius[i] + radius[j] + 14;
        if (d >= need) continue;
        const push = (need - d) / 2;
        const ux = dx / d || 1;
        const uy = dy / d;
        P[i][0] -= ux * push; P[i][1] -= uy * push;
        P[j][0] += ux * push; P[j][1] += uy * push;
        moved = true;
      }
    }
    for (let i = 0; i < n; i += 1) {
      P[i][0] = Math.min(W - pad, Math.max(pad, P[i][0]));
      P[i][1] = Math.min(H - pad, Math.max(pad * 0.7, P[i][1]));
    }
    if (!moved) break;
  }
}

function drawNetwork(data, W, H, onNode) {
  const nodes = data.nodes;
  const edges = data.edges;
  const index = new Map(nodes.map((d, i) => [d.id, i]));
  const pos = layout(nodes, edges, W, H);
  const maxNode = Math.max(...nodes.map((d) => d.events));
  const maxEdge = Math.max(...edges.map((e) => e.events));
  const radius = nodes.map((d) => 5 + 17 * Math.sqrt(d.events / maxNode));
  // fit into the box, leaving room for labels
  const pad = 34;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  nodes.forEach((_, i) => {
    x0 = Math.min(x0, pos[2 * i]); x1 = Math.max(x1, pos[2 * i]);
    y0 = Math.min(y0, pos[2 * i + 1]); y1 = Math.max(y1, pos[2 * i + 1]);
  });
  // stretch to the box's shape, within reason
  let sx = Math.min((W - 2 * pad) / Math.max(1, x1 - x0), 2.5);
  let sy = Math.min((H - 2 * pad) / Math.max(1, y1 - y0), 2.5);
  sx = Math.min(sx, sy * 1.7);
  sy = Math.min(sy, sx * 1.7);
  const ox = (W - sx * (x1 - x0)) / 2;
  const oy = (H - sy * (y1 - y0)) / 2;
  const P = nodes.map((_, i) => [ox + (pos[2 * i] - x0) * sx, oy + (pos[2 * i + 1] - y0) * sy]);
  separate(P, radius, W, H, pad);

  const svg = s("svg", { class: "chart network", viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img", "aria-label": "actor network" });
  const gEdges = s("g", { class: "edges" });
  const gNodes = s("g", { class: "nodes" });
  const pairs = new Set(edges.map((e) => `${e.source}>${e.target}`));
  const edgeEls = [];
  for (const e of edges) {
    const i = index.get(e.source);
    const j = index.get(e.target);
    const [sx, sy] = P[i];
    const [tx, ty] = P[j];
    const dx = tx - sx;
    const dy = ty - sy;
    const d = Math.hypot(dx, dy) || 1;
    const bend = pairs.has(`${e.target}>${e.source}`) ? 0.18 : 0.06;
    const cx = (sx + tx) / 2 - dy * bend;
    const cy = (sy + ty) / 2 + dx * bend;
    const width = 1 + 7 * Math.sqrt(e.events / maxEdge);
    const color = conflictColor(e.conflict_share);
    // end at the target's rim; the arrowhead follows the tangent there
    const ux = tx - cx;
    const uy = ty - cy;
    const ul = Math.hypot(ux, uy) || 1;
    const arrow = 5 + width * 1.2;
    const ex = tx - (ux / ul) * (radius[j] + 1.5);
    const ey = ty - (uy / ul) * (radius[j] + 1.5);
    const bx = ex - (ux / ul) * arrow;
    const by = ey - (uy / ul) * arrow;
    const nx = (-uy / ul) * arrow * 0.5;
    const ny = (ux / ul) * arrow * 0.5;
    const tip = `M${ex.toFixed(1)},${ey.toFixed(1)}L${(bx + nx).toFixed(1)},${(by + ny).toFixed(1)}L${(bx - nx).toFixed(1)},${(by - ny).toFixed(1)}Z`;
    const g = s("g", {
      class: "edge", "data-source": e.source, "data-target": e.target,
      onclick: () => { window.location.hash = hashFor("dyad", [e.source, e.target], { both_ways: "false" }); },
    },
    s("title", {}, `${e.source} → ${e.target}: ${fmtInt(e.events)} events, mean Goldstein ${fmtSigned(e.goldstein_mean, 2)}, ${fmtPct(e.conflict_share)} conflict`),
    s("path", { class: "edge-line", d: `M${sx.toFixed(1)},${sy.toFixed(1)}Q${cx.toFixed(1)},${cy.toFixed(1)} ${bx.toFixed(1)},${by.toFixed(1)}`, stroke: color, "stroke-width": width.toFixed(2) }),
    s("path", { class: "edge-head", d: tip, fill: color }));
    edgeEls.push(g);
    gEdges.append(g);
  }
  const nodeEls = new Map();
  const order = nodes.map((_, i) => i).sort((a, b) => nodes[a].events - nodes[b].events);
  for (const i of order) {
    const d = nodes[i];
    const [x, y] = P[i];
    const g = s("g", {
      class: "node", "data-id": d.id, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`, tabindex: 0, role: "button",
      onclick: () => onNode(d.id),
      onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onNode(d.id); } },
      onmouseenter: () => focus(d.id),
      onmouseleave: () => focus(null),
    },
    s("title", {}, `${d.id}: ${fmtInt(d.events)} events on the drawn edges`),
    s("circle", { r: radius[i].toFixed(1) }),
    s("text", { class: "node-label", y: (radius[i] + 12).toFixed(1), "text-anchor": "middle" }, d.id));
    nodeEls.set(d.id, g);
    gNodes.append(g);
  }
  svg.append(gEdges, gNodes);

  function focus(id) {
    svg.classList.toggle("focusing", Boolean(id));
    for (const g of edgeEls) g.classList.toggle("lit", Boolean(id) && (g.dataset.source === id || g.dataset.target === id));
  }
  return {
    svg,
    select(id) {
      for (const [key, g] of nodeEls) g.classList.toggle("selected", key === id);
    },
  };
}
