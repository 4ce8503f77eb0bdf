// #review?sample=<name>: the reviewer's page. Sign in, draw a sample of events to review (or
// open one), walk it event by event in its articles, and read the scores the reviews give the
// coder: precision with its interval, recall against the added events, per type and per source,
// and how often each confidence band was marked right (calibration).

import {
  ensureSession,
  loadSample,
  onSessionChange,
  recentSamples,
  rememberSample,
  reviewOn,
  session,
  setShortcuts,
  signIn,
  signOut,
  write,
} from "./review.js";
import {
  api,
  emptyState,
  errorBox,
  field,
  fmtInt,
  fmtNum,
  fmtPct,
  h,
  hashFor,
  put,
  s,
  select,
} from "./util.js";

const STRATA = [["", "none (simple random)"], ["type", "event type"], ["source", "news source"], ["confidence", "confidence band"]];

export async function render(root, _parts, params) {
  root.append(h("div", { class: "view-head" }, h("h1", {}, "Review"),
    h("p", { class: "lede" },
      "Mark coded events right or wrong, correct them and add the ones the coder missed: on an article's page or in the event table (press ? for the keyboard shortcuts). A sample spreads the work over event types, sources or confidence; the scores below are what the reviews say of the coder.")));
  if (!(await reviewOn())) {
    root.append(emptyState("This server does not take reviews.",
      "Start it with --review-token (16 or more characters), or --token, to review events here."));
    return;
  }
  const who = h("div", { class: "card review-who" });
  const drawWho = (me) => put(who, me
    ? [h("span", {}, "Reviewing as ", h("b", { class: "reviewer-name" }, me.name)), " ",
        h("button", { type: "button", class: "ghost", onclick: signOut }, "Sign out")]
    : [h("span", {}, "Sign in with your name and the server's review token to review events."), " ",
        h("button", { type: "button", class: "primary signin-here", onclick: () => signIn() }, "Sign in")]);
  drawWho(session());
  const stop = onSessionChange((me) => (who.isConnected ? drawWho(me) : stop()));

  const name = params.get("sample") || "";
  const samplePanel = h("section", { class: "card review-panel sample-panel", "aria-labelledby": "sample-title", "data-state": "loading" });
  const scoresPanel = h("section", { class: "card review-panel scores-panel", "aria-labelledby": "scores-title", "data-state": "loading" });
  root.append(who, h("div", { class: "review-layout" }, samplePanel, scoresPanel));
  await Promise.all([drawSamples(samplePanel, name), drawScores(scoresPanel, name)]);
}

// ---- samples --------------------------------------------------------------------------------

async function drawSamples(panel, name) {
  const sizeInput = h("input", { type: "number", name: "n", min: 1, max: 10000, value: 50, required: true, id: "sample-n" });
  const form = h("form", { class: "sample-form", "aria-label": "Draw a new sample" },
    h("div", { class: "filter-grid" },
      field("Events", sizeInput),
      field("Stratify by", select("stratify", STRATA, "type")),
      field("Seed", h("input", { type: "number", name: "seed", min: 0, placeholder: "random" })),
      field("Name", h("input", { name: "name", maxlength: 60, placeholder: "automatic", class: "sample-name" })),
      h("div", { class: "form-actions inline" }, h("button", { type: "submit", class: "primary" }, "Draw sample"))),
    h("p", { class: "form-message", role: "alert" }));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const message = form.querySelector(".form-message");
    message.textContent = "";
    const body = { n: Number(f.n.value) };
    if (f.stratify.value) body.stratify = f.stratify.value;
    if (f.seed.value !== "") body.seed = Number(f.seed.value);
    if (f.name.value.trim()) body.name = f.name.value.trim();
    if (!(await ensureSession())) return;
    try {
      const made = await write("POST", "/api/review/samples", body);
      rememberSample(made.sample.name);
      window.location.hash = hashFor("review", [], { sample: made.sample.name });
    } catch (error) {
      const detail = Array.isArray(error.detail) ? error.detail.map((d) => `${d.field}: ${d.message}`) : [];
      message.textContent = [error.message, ...detail].join(" · ");
    }
  });

  const names = [...new Set([name, ...(await listSamples()), ...recentSamples()].filter(Boolean))];
  const openInput = h("input", { name: "open", list: "sample-names", value: name, placeholder: "sample name", "aria-label": "Sample name", class: "sample-name" });
  const open = h("form", { class: "sample-open" },
    openInput, h("datalist", { id: "sample-names" }, names.map((n) => h("option", { value: n }))),
    h("button", { type: "submit" }, "Open"));
  open.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const wanted = openInput.value.trim();
    if (wanted) window.location.hash = hashFor("review", [], { sample: wanted });
  });

  put(panel,
    h("h2", { id: "sample-title" }, "Sample"),
    h("p", { class: "muted small" }, "A sample is drawn once and kept: every reviewer walks the same events in the same order."),
    names.length ? h("div", { class: "sample-choose" }, h("span", { class: "label" }, "Open a sample "), open,
      h("span", { class: "chips" }, names.filter((n) => n !== name).slice(0, 8).map((n) =>
        h("a", { class: "chip", href: hashFor("review", [], { sample: n }) }, n)))) : null,
    h("details", { class: "new-sample", open: !name || null }, h("summary", {}, "Draw a new sample"), form));
  if (!name) {
    panel.dataset.state = "ready";
    return;
  }
  let sample;
  try {
    sample = await loadSample(name);
  } catch (error) {
    panel.append(errorBox(error));
    panel.dataset.state = "error";
    return;
  }
  rememberSample(name);
  const items = sample.events;
  const done = items.filter((it) => it.reviewed).length;
  const next = items.find((it) => !it.reviewed);
  const href = (it) => hashFor("event", [it.doc_id], { e: it.event_id, sample: name });
  const strata = new Map();
  for (const it of items) {
    const st = strata.get(it.stratum) || { n: 0, reviewed: 0 };
    st.n += 1;
    st.reviewed += it.reviewed ? 1 : 0;
    strata.set(it.stratum, st);
  }
  panel.append(
    h("div", { class: "sample-head", "data-sample": name, "data-total": items.length, "data-reviewed": done },
      h("h3", {}, `Sample ${name}`),
      h("div", { class: "walk-progress" },
        h("progress", { max: items.length || 1, value: done, "aria-label": "reviewed in the sample" }),
        h("span", { class: "walk-count" }, `${fmtInt(done)} of ${fmtInt(items.length)} reviewed`)),
      h("div", { class: "form-actions inline" },
        items.length ? h("a", { class: "button primary start-walk", href: href(next || items[0]) }, next ? (done ? "Next unreviewed" : "Start reviewing") : "Walk it again") : null,
        strata.size > 1 ? h("span", { class: "muted small" }, [...strata].map(([k, v]) => `${k || "–"} ${v.reviewed}/${v.n}`).join(" · ")) : null)),
    h("div", { class: "table-wrap sample-table" }, h("table", { class: "sample-events" },
      h("thead", {}, h("tr", {}, ["#", "Stratum", "Event", "Reviewed"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, items.map((it) => h("tr", { class: `sample-row${it.reviewed ? " reviewed" : ""}`, "data-event-id": it.event_id, "data-position": it.position },
        h("td", { class: "num" }, String(it.position)),
        h("td", {}, it.stratum || h("span", { class: "muted" }, "–")),
        h("td", {}, h("a", { href: href(it), title: `article ${it.doc_id}` }, it.event_id)),
        h("td", {}, it.reviewed ? h("span", { class: "review-badge v-right" }, "✓ reviewed") : h("span", { class: "muted" }, "not yet"))))))));
  setShortcuts({
    next: () => { if (items.length) window.location.hash = href(next || items[0]); },
    nextUnreviewed: () => { if (next) window.location.hash = href(next); },
  });
  panel.dataset.state = "ready";
}

/** The store's samples, newest first. */
async function listSamples() {
  try {
    const found = await api("/api/review/samples");
    return (found.samples || []).map((x) => x.name).reverse();
  } catch {
    return [];
  }
}

// ---- scores ---------------------------------------------------------------------------------

async function drawScores(panel, sampleName) {
  let scores;
  try {
    scores = await api("/api/review/scores");
  } catch (error) {
    put(panel, h("h2", { id: "scores-title" }, "Scores"), errorBox(error));
    panel.dataset.state = "error";
    return;
  }
  const [low, high] = scores.interval || [null, null];
  const samples = Object.entries(scores.samples || {});
  const shown = sampleName ? samples.filter(([n]) => n === sampleName) : samples;
  put(panel,
    h("h2", { id: "scores-title" }, "Scores"),
    scores.judged ? null : h("p", { class: "muted" }, "No reviews yet: the scores fill in as events are reviewed."),
    h("div", { class: "kpis score-kpis" },
      kpi("precision", pct(scores.precision), range(low, high),
        `${fmtInt(scores.right)} right, ${fmtInt(scores.corrected)} corrected, ${fmtInt(scores.wrong)} wrong of ${fmtInt(scores.judged)} reviewed`),
      kpi("recall", pct(scores.recall), "", scores.added
        ? `${fmtInt(scores.added)} events added by reviewers`
        : "not measured: add the events the coder missed"),
      kpi("type right", pct(scores.type_precision), "", "the event type as coded"),
      kpi("actors right", pct(scores.actor_precision), "", "sources and targets as coded"),
      shown.map(([name, est]) => kpi(`sample ${name}`, pct(est.precision), range(...(est.interval || [])),
        `${est.method} estimate from ${fmtInt(est.reviewed)} reviewed${est.coverage < 1 ? `, strata covered ${fmtPct(est.coverage)}` : ""}`))),
    calibrationBlock(scores.calibration || []),
    breakdown("Per event type (PLOVER)", scores.by_plover, "plover"),
    breakdown("Per CAMEO root", scores.by_cameo_root, "cameo"),
    breakdown("Per news source", scores.by_source, "source"),
    Object.keys(scores.corrections || {}).length
      ? h("p", { class: "muted small corrections" }, "Corrected fields: ",
          Object.entries(scores.corrections).map(([k, v]) => `${k} ${fmtInt(v)}`).join(" · "),
          scores.orphaned ? ` · ${fmtInt(scores.orphaned)} reviews orphaned by re-coding` : "")
      : null);
  panel.dataset.state = "ready";
}

const pct = (x) => (x === null || x === undefined ? "–" : fmtPct(x));
const range = (low, high) => (low === null || low === undefined || high === null || high === undefined ? "" : `${fmtPct(low)}–${fmtPct(high)}`);

function kpi(label, big, interval, note) {
  return h("div", { class: "kpi score", "data-score": label },
    h("b", { class: "score-value" }, big),
    h("span", {}, label, interval ? h("span", { class: "range", title: "95% interval" }, ` (${interval})`) : null),
    note ? h("small", { class: "muted" }, note) : null);
}

/** Precision per type or source: ``{key: {judged, right, corrected, wrong, precision, ...}}``. */
function breakdown(title, groups, kind) {
  const items = Object.entries(groups || {}).sort((a, b) => b[1].judged - a[1].judged || a[0].localeCompare(b[0]));
  if (!items.length) return null;
  return h("div", { class: `score-table by-${kind}` },
    h("h3", {}, title),
    h("div", { class: "table-wrap" }, h("table", { class: "scores" },
      h("thead", {}, h("tr", {}, [kind === "source" ? "Source" : "Type", "Reviewed", "Right", "Corrected", "Wrong", "Precision", "Type right", "Actors right"]
        .map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, items.map(([key, g]) => h("tr", { "data-key": key },
        h("td", { class: kind === "source" ? "" : "plover" }, key || "–"),
        h("td", { class: "num" }, fmtInt(g.judged)),
        h("td", { class: "num" }, fmtInt(g.right)),
        h("td", { class: "num" }, fmtInt(g.corrected)),
        h("td", { class: "num" }, fmtInt(g.wrong)),
        h("td", { class: "num precision" }, pct(g.precision)),
        h("td", { class: "num" }, pct(g.type_precision)),
        h("td", { class: "num" }, pct(g.actor_precision))))))));
}

/** Calibration: per confidence band, the share marked right against the mean confidence. */
function calibrationBlock(bands) {
  const head = h("h3", {}, "Calibration: how often each confidence band was marked right");
  if (!bands.some((b) => b.judged)) return h("div", { class: "calibration" }, head, h("p", { class: "muted small" }, "No reviewed events yet."));
  return h("div", { class: "calibration" }, head,
    h("div", { class: "calibration-body" },
      calibrationChart(bands),
      h("div", { class: "table-wrap" }, h("table", { class: "scores calibration-table" },
        h("thead", {}, h("tr", {}, ["Confidence", "Reviewed", "Right", "Share right", "Mean conf."].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, bands.map((b) => h("tr", { "data-band": b.band },
          h("td", {}, b.band),
          h("td", { class: "num" }, fmtInt(b.judged)),
          h("td", { class: "num" }, fmtInt(b.right)),
          h("td", { class: "num share" }, pct(b.share_right)),
          h("td", { class: "num" }, b.mean_confidence === null ? "–" : fmtNum(b.mean_confidence, 2)))))))));
}

/** Bars: the share marked right per band; dots: the band's mean confidence (level with the
 * bar when the coder's confidence is calibrated). */
function calibrationChart(bands) {
  const W = 320;
  const H = 190;
  const m = { l: 38, r: 8, t: 10, b: 34 };
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const slot = iw / Math.max(1, bands.length);
  const y = (v) => m.t + ih * (1 - Math.max(0, Math.min(1, v)));
  const svg = s("svg", {
    class: "chart calibration-chart", viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
    "aria-label": bands.map((b) => `${b.band}: ${b.judged ? `${fmtPct(b.share_right)} of ${b.judged} right` : "none reviewed"}`).join("; "),
  });
  const grid = s("g", { class: "grid axis" });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    grid.append(s("line", { x1: m.l, x2: W - m.r, y1: y(t), y2: y(t), class: t === 0 ? "zero" : null }),
      s("text", { x: m.l - 5, y: y(t) + 3.5, "text-anchor": "end" }, fmtPct(t)));
  }
  svg.append(grid);
  bands.forEach((b, i) => {
    const x = m.l + i * slot;
    const g = s("g", { class: "band", "data-band": b.band });
    if (b.judged && b.share_right !== null) {
      g.append(s("rect", { class: "bar-right", x: x + slot * 0.18, width: slot * 0.64, y: y(b.share_right), height: y(0) - y(b.share_right) },
        s("title", {}, `${b.band}: ${fmtInt(b.right)} of ${fmtInt(b.judged)} marked right`)));
    }
    if (b.judged && b.mean_confidence !== null && b.mean_confidence !== undefined) {
      g.append(s("circle", { class: "mean-dot", cx: x + slot / 2, cy: y(b.mean_confidence), r: 4 },
        s("title", {}, `mean confidence ${fmtNum(b.mean_confidence, 2)}`)));
    }
    g.append(s("text", { class: "axis", x: x + slot / 2, y: H - m.b + 14, "text-anchor": "middle" }, b.band));
    svg.append(g);
  });
  svg.append(s("text", { class: "axis-title", x: m.l + iw / 2, y: H - 4, "text-anchor": "middle" }, "confidence band"));
  return h("div", { class: "chart-box calibration-box" }, svg,
    h("div", { class: "legend small" },
      h("span", { class: "legend-item" }, h("span", { class: "swatch q2" }), "share marked right"),
      h("span", { class: "legend-item" }, h("span", { class: "swatch dot-key" }), "mean confidence (calibrated: level with the bar)")));
}
