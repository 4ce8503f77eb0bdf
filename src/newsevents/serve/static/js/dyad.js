// #dyad/A/B: cooperation and conflict between two actors over time, from the dyad timeline
// endpoint (one aggregate query); clicking a period lists its events through /api/events.

import { actorSuggestions } from "./events.js";
import { eventTable } from "./table.js";
import {
  CODE_RE,
  HAPPENED,
  QUAD,
  api,
  emptyState,
  errorBox,
  field,
  fillPeriods,
  fmtInt,
  fmtNum,
  fmtSigned,
  goldsteinColor,
  h,
  hashFor,
  niceTicks,
  parseHash,
  put,
  periodRange,
  replaceHash,
  s,
  select,
} from "./util.js";

const INTERVALS = ["day", "week", "month", "year"];
const PERIOD_LIMIT = 100; // events listed per direction and mode for a clicked period
let busiestPairs = null; // the heaviest edges, asked once per page load

export async function render(root, parts, params) {
  let [a, b] = parts.map((p) => p.toUpperCase());
  const interval = INTERVALS.includes(params.get("interval")) ? params.get("interval") : "month";
  const bothWays = params.get("both_ways") !== "false";
  const allModes = params.get("modes") === "all";
  const since = params.get("since") || "";
  const until = params.get("until") || "";

  busiestPairs ||= api("/api/network", { limit: 12 }).catch((error) => {
    busiestPairs = null;
    throw error;
  });
  const busiest = await busiestPairs;
  if (!a || !b) {
    const top = busiest.edges[0];
    if (!top) {
      root.append(heading(), emptyState("No dyads yet.", "The store has no events between two actors."));
      return;
    }
    [a, b] = [top.source, top.target];
    replaceHash(hashFor("dyad", [a, b], currentParams()));
  }
  if (!CODE_RE.test(a) || !CODE_RE.test(b)) {
    root.append(heading(), errorBox({ message: "actor codes are 1-12 letters or digits" }));
    return;
  }

  function currentParams() {
    return {
      interval: interval === "month" ? "" : interval,
      both_ways: bothWays ? "" : "false",
      modes: allModes ? "all" : "",
      since,
      until,
    };
  }

  const listId = "dyad-codes";
  const datalist = h("datalist", { id: listId });
  const inputA = h("input", { name: "a", value: a, class: "code-input", list: listId, autocomplete: "off", maxlength: 12, required: true });
  const inputB = h("input", { name: "b", value: b, class: "code-input", list: listId, autocomplete: "off", maxlength: 12, required: true });
  const form = h(
    "form",
    { class: "filters card dyad-form" },
    h(
      "div",
      { class: "filter-grid" },
      field("Actor A", inputA),
      h("button", {
        type: "button", class: "ghost swap", title: "swap A and B",
        onclick: () => { [inputA.value, inputB.value] = [inputB.value, inputA.value]; },
      }, "⇄"),
      field("Actor B", inputB),
      field("Interval", select("interval", INTERVALS.map((i) => [i, i]), interval)),
      field("From", h("input", { type: "date", name: "since", value: since })),
      field("To", h("input", { type: "date", name: "until", value: until })),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "both_ways", checked: bothWays }), " both directions"),
      h("label", { class: "check" }, h("input", { type: "checkbox", name: "all_modes", checked: allModes }), " all modes (also claimed, denied, …)"),
      h("div", { class: "form-actions inline" }, h("button", { type: "submit", class: "primary" }, "Show")),
    ),
    datalist,
    h(
      "div",
      { class: "chips" },
      h("span", { class: "label" }, "Busiest pairs:"),
      busiest.edges.slice(0, 10).map((e) =>
        h("a", {
          class: `chip${e.source === a && e.target === b ? " active" : ""}`,
          href: hashFor("dyad", [e.source, e.target], currentParams()),
          title: `${fmtInt(e.events)} events, ${fmtNum(e.conflict_share * 100, 0)}% conflict`,
        }, `${e.source} → ${e.target}`, h("small", {}, ` ${fmtInt(e.events)}`)),
      ),
    ),
  );
  actorSuggestions(inputA, datalist);
  actorSuggestions(inputB, datalist);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const na = f.a.value.trim().toUpperCase();
    const nb = f.b.value.trim().toUpperCase();
    if (!CODE_RE.test(na) || !CODE_RE.test(nb)) {
      f.a.classList.toggle("invalid", !CODE_RE.test(na));
      f.b.classList.toggle("invalid", !CODE_RE.test(nb));
      return;
    }
    window.location.hash = hashFor("dyad", [na, nb], {
      interval: f.interval.value === "month" ? "" : f.interval.value,
      both_ways: f.both_ways.checked ? "" : "false",
      modes: f.all_modes.checked ? "all" : "",
      since: f.since.value,
      until: f.until.value,
    });
  });

  const data = await api(`/api/dyads/${a}/${b}/timeline`, {
    interval,
    both_ways: bothWays,
    modes: allModes ? "all" : "",
    since,
    until,
  });
  const points = data.points;
  const total = points.reduce((n, p) => n + p.events, 0);
  const coop = points.reduce((n, p) => n + p.cooperation, 0);
  const conflict = points.reduce((n, p) => n + p.conflict, 0);
  const gsum = points.reduce((n, p) => n + p.goldstein_sum, 0);
  const arrow = bothWays ? "↔" : "→";

  const chartBox = h("div", { class: "chart-box" });
  const detail = h("div", { class: "period-detail", "data-state": "idle" },
    h("p", { class: "muted hint-line" }, "Click a period in the chart to list its events."));
  root.append(
    heading(`${a} ${arrow} ${b}`),
    form,
    h(
      "div",
      { class: "kpis" },
      kpi("events", fmtInt(total)),
      kpi("cooperation", fmtInt(coop), "coop"),
      kpi("conflict", fmtInt(conflict), "conflict"),
      kpi("mean Goldstein", total ? fmtSigned(gsum / total, 2) : "–", null, total ? goldsteinColor(gsum / total) : null),
      kpi("periods with events", fmtInt(points.length)),
      h("div", { class: "kpi-links" },
        h("a", { href: hashFor("actor", [a]) }, `${a} profile`), " · ",
        h("a", { href: hashFor("actor", [b]) }, `${b} profile`), " · ",
        h("a", { href: hashFor("events", [], { source: a, target: b }) }, `all ${a} → ${b} events`)),
    ),
    h("div", { class: "card chart-card" }, legend(), chartBox),
    detail,
  );
  if (!points.length) {
    chartBox.append(emptyState(`No events between ${a} and ${b}.`, "Try other codes, both directions, all modes or a wider date range."));
    return;
  }
  const chart = drawChart(points, interval, chartBox.clientWidth || 1000, (period) => showPeriod(period));
  chartBox.append(chart.svg);
  if (chart.sparse) {
    chartBox.append(h("p", { class: "muted small chart-note" },
      `The events span too many ${interval}s to draw them all: only ${interval}s with events are shown, side by side. Choose a longer interval or a date range for a true time axis.`));
  }

  async function showPeriod(period) {
    chart.select(period);
    const [from, to] = periodRange(period, interval);
    const point = points.find((p) => p.period === period);
    detail.dataset.state = "loading";
    detail.replaceChildren(h("p", { class: "muted" }, `Loading the events of ${period}…`));
    const directions = bothWays ? [[a, b], [b, a]] : [[a, b]];
    const modes = allModes ? [""] : HAPPENED;
    try {
      const pages = await Promise.all(
        directions.flatMap(([src, tgt]) =>
          modes.map((mode) => api("/api/events", { source: src, target: tgt, since: from, until: to, mode, limit: PERIOD_LIMIT })),
        ),
      );
      const seen = new Map();
      for (const page of pages) for (const e of page.events) seen.set(e.event_id, e);
      const list = [...seen.values()].sort((x, y) =>
        (x.event_date.start + x.event_id).localeCompare(y.event_date.start + y.event_id));
      const truncated = pages.some((p) => p.total > p.events.length);
      put(
        detail,
        h(
          "div",
          { class: "period-head" },
          h("h2", {}, `${period}: ${fmtInt(point ? point.events : list.length)} events`),
          point ? quadMix(point.quad) : null,
          h("a", { class: "more-link", href: hashFor("events", [], { source: a, target: b, since: from, until: to }) }, `open ${a} → ${b} in the search`),
          bothWays ? h("a", { class: "more-link", href: hashFor("events", [], { source: b, target: a, since: from, until: to }) }, `${b} → ${a}`) : null,
        ),
        truncated ? h("p", { class: "muted" }, `Showing the first ${PERIOD_LIMIT} of each direction; the search pages through all of them.`) : null,
        list.length ? eventTable(list) : emptyState("No events listed.", "The period's events may have other modes."),
      );
      detail.dataset.state = "ready";
      detail.dataset.period = period;
      detail.dataset.count = String(list.length);
    } catch (error) {
      detail.replaceChildren(errorBox(error));
      detail.dataset.state = "error";
    }
  }
  const wanted = params.get("period");
  if (wanted && points.some((p) => p.period === wanted)) await showPeriod(wanted);
}

function heading(title) {
  return h("div", { class: "view-head" }, h("h1", {}, title ? `Dyad ${title}` : "Dyad timeline"),
    h("p", { class: "lede" }, "Events between two actors per period: cooperation above the line, conflict below, and the mean Goldstein score (−10 conflict … +10 cooperation). Only events that happened (asserted, reported) count unless all modes are chosen."));
}

function kpi(label, value, cls, color) {
  return h("div", { class: `kpi ${cls || ""}` }, h("b", { style: color ? `color:${color}` : null }, value), h("span", {}, label));
}

function quadMix(quad) {
  return h("span", { class: "quad-mix" }, quad.map((n, i) =>
    n ? h("span", { class: `quad q${i}`, title: QUAD[i].name }, `${n} ${QUAD[i].short}`) : null));
}

function legend() {
  const item = (cls, label, shape = "box") => h("span", { class: "legend-item" },
    h("span", { class: `swatch ${shape} ${cls}` }), label);
  return h("div", { class: "legend" },
    item("q2", "material cooperation"), item("q1", "verbal cooperation"),
    item("q3", "verbal conflict"), item("q4", "material conflict"),
    item("gline", "mean Goldstein (right axis)", "line"));
}

function label(period, interval) {
  if (interval === "month") {
    const [y, m] = period.split("-");
    const name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1];
    return `${name} ${y}`;
  }
  return period;
}

/** The SVG chart: stacked bars up (cooperation) and down (conflict), the Goldstein line. */
function drawChart(points, interval, width, onSelect) {
  const byPeriod = new Map(points.map((p) => [p.period, p]));
  const filled = fillPeriods(points[0].period, points[points.length - 1].period, interval);
  const periods = filled || points.map((p) => p.period);
  const W = Math.max(560, Math.round(width));
  const H = 340;
  const m = { top: 18, right: 64, bottom: 52, left: 64 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const y0 = m.top + ih / 2;
  const maxCount = Math.max(1, ...points.map((p) => Math.max(p.cooperation, p.conflict)));
  const ticks = niceTicks(maxCount, 3);
  const top = ticks[ticks.length - 1];
  const yc = (v) => y0 - (v / top) * (ih / 2); // counts: + up, - down
  const yg = (v) => y0 - (v / 10) * (ih / 2); // Goldstein -10..10 on the same zero line
  const band = iw / periods.length;
  const barW = Math.max(1, Math.min(48, band * 0.72));
  const xc = (i) => m.left + band * (i + 0.5);

  const svg = s("svg", {
    class: "chart dyad-chart", viewBox: `0 0 ${W} ${H}`, width: "100%", role: "img",
    "aria-label": "cooperation and conflict per period",
  });
  const grid = s("g", { class: "grid" });
  const axisL = s("g", { class: "axis axis-left" });
  for (const t of ticks) {
    for (const sign of t === 0 ? [1] : [1, -1]) {
      const y = yc(sign * t);
      grid.append(s("line", { x1: m.left, x2: W - m.right, y1: y, y2: y, class: t === 0 ? "zero" : "" }));
      axisL.append(s("text", { x: m.left - 8, y: y + 4, "text-anchor": "end" }, fmtInt(t)));
    }
  }
  const axisR = s("g", { class: "axis axis-right" });
  for (const g of [-10, -5, 0, 5, 10]) {
    axisR.append(s("text", { x: W - m.right + 8, y: yg(g) + 4 }, fmtSigned(g, 0)));
  }
  svg.append(grid, axisL, axisR);
  svg.append(
    s("text", { class: "axis-title", transform: `translate(18 ${m.top + ih / 4}) rotate(-90)`, "text-anchor": "middle" }, "cooperation ↑"),
    s("text", { class: "axis-title", transform: `translate(18 ${m.top + (3 * ih) / 4}) rotate(-90)`, "text-anchor": "middle" }, "conflict ↓"),
    s("text", { class: "axis-title", transform: `translate(${W - 14} ${y0}) rotate(90)`, "text-anchor": "middle" }, "mean Goldstein"),
    s("text", { class: "axis-title", x: m.left + iw / 2, y: H - 8, "text-anchor": "middle" }, `${interval} (number of events per ${interval})`),
  );

  const bars = s("g", { class: "bars" });
  const hits = s("g", { class: "hits" });
  const axisB = s("g", { class: "axis axis-bottom" });
  const every = Math.max(1, Math.ceil(78 / band));
  const hitByPeriod = new Map();
  periods.forEach((period, i) => {
    const x = xc(i) - barW / 2;
    if (i % every === 0) {
      axisB.append(s("line", { x1: xc(i), x2: xc(i), y1: m.top + ih, y2: m.top + ih + 5 }));
      axisB.append(s("text", { x: xc(i), y: m.top + ih + 18, "text-anchor": "middle" }, label(period, interval)));
    }
    const p = byPeriod.get(period);
    if (!p) return;
    const [, q1, q2, q3, q4] = p.quad;
    // up: material cooperation at the base, verbal on top; down: verbal conflict, then material
    const stack = [
      [0, q2, "q2 bar-coop"], [q2, q2 + q1, "q1 bar-coop"],
      [0, -q3, "q3 bar-conflict"], [-q3, -q3 - q4, "q4 bar-conflict"],
    ];
    for (const [from, to, cls] of stack) {
      if (from === to) continue;
      const ya = yc(Math.max(from, to));
      const yb = yc(Math.min(from, to));
      bars.append(s("rect", { class: `bar ${cls}`, x, y: ya, width: barW, height: Math.max(0.5, yb - ya), "data-period": period }));
    }
    const hit = s("rect", {
      class: "hit", x: m.left + band * i, y: m.top, width: band, height: ih, "data-period": period,
      tabindex: 0, role: "button",
      onclick: () => onSelect(period),
      onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onSelect(period); } },
    }, s("title", {}, `${label(period, interval)}: ${p.events} events · ${p.cooperation} cooperation · ${p.conflict} conflict · mean Goldstein ${fmtSigned(p.goldstein_mean, 2)}`));
    hits.append(hit);
    hitByPeriod.set(period, hit);
  });
  axisB.append(s("line", { x1: m.left, x2: W - m.right, y1: m.top + ih, y2: m.top + ih }));

  // the Goldstein line, broken where a period has no events
  const line = s("g", { class: "gline" });
  let run = [];
  const flush = () => {
    if (run.length > 1) line.append(s("polyline", { points: run.map(([x, y]) => `${x},${y}`).join(" ") }));
    run = [];
  };
  periods.forEach((period, i) => {
    const p = byPeriod.get(period);
    if (!p) { flush(); return; }
    run.push([xc(i), yg(p.goldstein_mean)]);
  });
  flush();
  periods.forEach((period, i) => {
    const p = byPeriod.get(period);
    if (p) line.append(s("circle", { cx: xc(i), cy: yg(p.goldstein_mean), r: Math.min(3.5, Math.max(1.5, band / 4)), fill: goldsteinColor(p.goldstein_mean) }));
  });
  svg.append(axisB, bars, line, hits);

  return {
    svg,
    sparse: !filled,
    select(period) {
      for (const [key, el] of hitByPeriod) el.classList.toggle("selected", key === period);
      const { view, parts, params } = parseHash();
      params.set("period", period);
      replaceHash(`#${[view, ...parts.map(encodeURIComponent)].join("/")}?${params}`);
    },
  };
}
