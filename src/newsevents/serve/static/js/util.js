// Shared helpers of the explorer: DOM builders, the API client, formats, colours, the hash.
// Everything here runs offline: the only requests go to this server's own API and files.

export const SVG_NS = "http://www.w3.org/2000/svg";

/** QuadClass 0-4: names and colours (cooperation blues, conflict orange/red). */
export const QUAD = [
  { name: "Neutral statement", short: "neutral", color: "#9aa5b1" },
  { name: "Verbal cooperation", short: "verbal coop.", color: "#6fa8dc" },
  { name: "Material cooperation", short: "material coop.", color: "#1f5fa8" },
  { name: "Verbal conflict", short: "verbal conflict", color: "#f08c2e" },
  { name: "Material conflict", short: "material conflict", color: "#cf2e2e" },
];

/** The PLOVER event types, from cooperative to conflictual. */
export const PLOVER = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

/** Event modes; only asserted and reported events happened. */
export const MODES = [
  "asserted", "reported", "negated", "future", "hypothetical", "claimed", "denied",
];
export const HAPPENED = ["asserted", "reported"];

/** An actor code as the API accepts it (a prefix: RUS, RUSMIL). */
export const CODE_RE = /^[A-Za-z0-9]{1,12}$/;

/**
 * Build an HTML element: h("a", {href: "#x", class: "c", onclick: fn}, "text", child, [more]).
 * Strings become text nodes (never parsed as HTML); null, undefined and false are skipped.
 */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else if (key === "style") {
      // Through the CSSOM: the content security policy refuses style attributes.
      node.style.cssText = String(value);
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

/** Replace a node's children; like h(), skipping null, undefined and false. */
export function put(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : String(child));
  }
}

/** ``url`` if it is an absolute http(s) URL, else null: only such links are followed. */
export function webUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An error the API returned: ``{"error": {"status", "type", "message", "detail"}}``. */
export class ApiError extends Error {
  constructor(status, type, message, detail) {
    super(message);
    this.status = status;
    this.type = type;
    this.detail = detail;
  }
}

/** The URL of an API path with the non-empty parameters as its query string. */
export function apiUrl(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** GET JSON from this server; throws ApiError with the server's message on failure. */
export async function api(path, params) {
  let response;
  try {
    response = await fetch(apiUrl(path, params), { headers: { Accept: "application/json" } });
  } catch (exc) {
    throw new ApiError(0, "network", `the server did not answer (${exc.message})`, null);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(
      response.status,
      err.type || "error",
      err.message || `${response.status} ${response.statusText}`,
      err.detail || null,
    );
  }
  return body;
}

/** A static file of the explorer, as JSON, fetched once. */
const cache = new Map();
export function staticJson(path) {
  if (!cache.has(path)) {
    cache.set(
      path,
      fetch(path).then((r) => {
        if (!r.ok) throw new ApiError(r.status, "static", `cannot load ${path}`, null);
        return r.json();
      }),
    );
  }
  return cache.get(path);
}

// Intl formatters are costly to build: one per number of digits, reused (toLocaleString
// would build one per call, which shows on an article with hundreds of events).
const formats = new Map();
function numberFormat(digits) {
  if (!formats.has(digits)) {
    formats.set(digits, new Intl.NumberFormat("en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }));
  }
  return formats.get(digits);
}

export const fmtInt = (n) => numberFormat(0).format(Number(n || 0));

export function fmtNum(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return "–";
  return numberFormat(digits).format(Number(x));
}

export function fmtSigned(x, digits = 1) {
  const text = fmtNum(x, digits);
  return x > 0 ? `+${text}` : text;
}

export const fmtPct = (x) => `${Math.round((x || 0) * 100)}%`;

function hexToRgb(hex) {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function rgbToHex([r, g, b]) {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
}

/** A colour on a ramp of [value, "#rrggbb"] stops (sorted by value). */
export function ramp(stops, value) {
  if (value <= stops[0][0]) return stops[0][1];
  for (let i = 1; i < stops.length; i += 1) {
    const [v1, c1] = stops[i];
    if (value <= v1) {
      const [v0, c0] = stops[i - 1];
      const t = (value - v0) / (v1 - v0);
      const a = hexToRgb(c0);
      const b = hexToRgb(c1);
      return rgbToHex(a.map((x, k) => x + (b[k] - x) * t));
    }
  }
  return stops[stops.length - 1][1];
}

/** Goldstein -10 (conflict, red) .. 0 (grey) .. +10 (cooperation, blue). */
export const GOLDSTEIN_STOPS = [
  [-10, "#a51c1c"],
  [-5, "#e0622a"],
  [0, "#a3a9b4"],
  [5, "#4a8fcf"],
  [10, "#163f7a"],
];
export const goldsteinColor = (g) => ramp(GOLDSTEIN_STOPS, g);

/** Share of conflict events 0 (blue) .. 0.5 (grey) .. 1 (red). */
export const CONFLICT_STOPS = [
  [0, "#1f5fa8"],
  [0.5, "#a3a9b4"],
  [1, "#cf2e2e"],
];
export const conflictColor = (share) => ramp(CONFLICT_STOPS, share);

/** ``#view/part/part?key=value``: the view name, its path parts and parameters. */
export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, "");
  const [path, query = ""] = raw.split("?", 2);
  const parts = path.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { view: parts.shift() || "", parts, params: new URLSearchParams(query) };
}

/** The hash for a view: hashFor("dyad", ["RUS", "CHN"], {interval: "week"}). */
export function hashFor(view, parts = [], params = {}) {
  const path = [view, ...parts.map((p) => encodeURIComponent(p))].join("/");
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    query.set(key, String(value));
  }
  const qs = query.toString();
  return `#${path}${qs ? `?${qs}` : ""}`;
}

/** Change the hash without re-rendering the view (the view already shows that state). */
export function replaceHash(hash) {
  if (window.location.hash !== hash) window.history.replaceState(null, "", hash);
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** The link of an event's article page, scrolled to that event. */
export const eventHref = (docId, eventId) =>
  hashFor("event", [docId], eventId ? { e: eventId } : {});

export const actorHref = (code) => hashFor("actor", [code]);

/** An actor's code as a link to its profile (or its text when it has no code). */
export function actorLink(actor, { title = true } = {}) {
  if (!actor) return h("span", { class: "muted" }, "–");
  if (!actor.code) return h("span", { class: "uncoded", title: "no code" }, actor.text || "?");
  return h(
    "a",
    {
      class: "code",
      href: actorHref(actor.code),
      title: title ? [actor.name, actor.text].filter(Boolean).join(" · ") : null,
    },
    actor.code,
  );
}

/** A side of an event: its primary actor, with "+n" for the other participants. */
export function sideCell(primary, all) {
  // Every participant on the side ("SAU + USA"), the primary actor first.
  const seen = new Set();
  const actors = [primary, ...(all || [])].filter((a) => {
    const key = a && (a.code || a.text);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const parts = [];
  actors.forEach((a, i) => {
    if (i) parts.push(h("span", { class: "plus", "aria-hidden": "true" }, " + "));
    parts.push(actorLink(a));
  });
  return h("span", { class: "side", title: actors.map((a) => a.name || a.code || a.text).join(", ") }, ...parts);
}

export function quadBadge(q) {
  const info = QUAD[q] || QUAD[0];
  return h("span", { class: `quad q${q}`, title: `QuadClass ${q}: ${info.name}` }, info.short);
}

export function goldsteinCell(g) {
  return h(
    "span",
    { class: "goldstein", style: `color: ${goldsteinColor(g)}`, title: "Goldstein score" },
    fmtSigned(g, 1),
  );
}

export function modeTag(mode) {
  const happened = HAPPENED.includes(mode);
  return h("span", { class: `mode ${happened ? "happened" : "not-happened"} m-${mode}` }, mode);
}

/** Split by code points (the API's offsets count code points, JS strings UTF-16 units). */
export const codePoints = (text) => Array.from(text || "");

/** An event's evidence sentence with its trigger in bold. */
export function evidenceSnippet(event) {
  const ev = event.evidence || {};
  const tr = event.trigger || {};
  const cps = codePoints(ev.text);
  const a = (tr.start ?? -1) - (ev.start ?? 0);
  const b = (tr.end ?? -1) - (ev.start ?? 0);
  if (a < 0 || b > cps.length || a >= b) return h("span", { class: "evidence" }, ev.text || "");
  return h(
    "span",
    { class: "evidence" },
    cps.slice(0, a).join(""),
    h("strong", { class: "trigger" }, cps.slice(a, b).join("")),
    cps.slice(b).join(""),
  );
}

/** A friendly panel for an error (``ApiError`` or anything else). */
export function errorBox(error) {
  const detail = Array.isArray(error && error.detail)
    ? error.detail.map((d) => `${d.field ? `${d.field}: ` : ""}${d.message}`).join("; ")
    : "";
  return h(
    "div",
    { class: "notice error", role: "alert" },
    h("strong", {}, error && error.status ? `Error ${error.status}` : "Error"),
    " ",
    (error && error.message) || String(error),
    detail ? h("div", { class: "detail" }, detail) : null,
  );
}

export function emptyState(title, text) {
  return h("div", { class: "notice empty" }, h("strong", {}, title), text ? h("p", {}, text) : null);
}

/** A labelled form field. */
export function field(label, control, hint) {
  return h("label", { class: "field" }, h("span", { class: "label" }, label), control, hint
    ? h("span", { class: "hint" }, hint)
    : null);
}

/** A <select> of [value, label] options. */
export function select(name, options, value) {
  return h(
    "select",
    { name },
    options.map(([v, label]) => h("option", { value: v, selected: String(v) === String(value) }, label)),
  );
}

/** Round numbers for an axis: about ``count`` ticks from 0 to ``max``. */
export function niceTicks(max, count = 4) {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((st) => st >= raw) || raw;
  const ticks = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** The first and last day of a timeline period ("2011-02", "2011", "2011-02-14"). */
export function periodRange(period, interval) {
  if (interval === "year") return [`${period}-01-01`, `${period}-12-31`];
  if (interval === "month") {
    const [y, m] = period.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return [`${period}-01`, `${period}-${String(last).padStart(2, "0")}`];
  }
  if (interval === "week") return [period, addDays(period, 6)];
  return [period, period];
}

export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Every period from the first to the last (for a gap-free time axis), or null if too many. */
export function fillPeriods(first, last, interval, max = 2000) {
  const out = [];
  let cur = first;
  while (cur <= last) {
    out.push(cur);
    if (out.length > max) return null;
    if (interval === "year") cur = String(Number(cur) + 1);
    else if (interval === "month") {
      let [y, m] = cur.split("-").map(Number);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
      cur = `${y}-${String(m).padStart(2, "0")}`;
    } else cur = addDays(cur, interval === "week" ? 7 : 1);
  }
  return out;
}
