// #event/<doc_id>?e=<event_id>: an article with every event's evidence marked (<mark>) and
// its triggers emphasised, and the article's events beside it.

import {
  QUAD,
  actorLink,
  api,
  codePoints,
  emptyState,
  fmtNum,
  goldsteinCell,
  h,
  hashFor,
  modeTag,
  parseHash,
  quadBadge,
  replaceHash,
  webUrl,
} from "./util.js";

export async function render(root, parts, params) {
  const docId = parts.join("/");
  if (!docId) {
    root.append(emptyState("No article chosen.", "Open an article from the event table, a claim or a dyad period."));
    return;
  }
  const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
  const byId = new Map(doc.events.map((e) => [e.event_id, e]));
  // cards in reading order, as the marks are
  doc.events.sort((x, y) => x.evidence.start - y.evidence.start || x.trigger.start - y.trigger.start);

  const text = h("div", { class: "article-text", lang: "en" }, markUp(doc.text, doc.highlights, byId));
  const cards = doc.events.map((e) => eventCard(e));
  const cardById = new Map(doc.events.map((e, i) => [e.event_id, cards[i]]));
  const meta = [doc.date, doc.source].filter(Boolean).join(" · ");
  root.append(
    h("div", { class: "view-head" },
      h("p", { class: "crumbs" }, h("a", { href: "#events" }, "Events"), " › article ", h("code", {}, doc.id)),
      h("h1", {}, doc.title || `Article ${doc.id}`),
      h("p", { class: "lede" }, meta,
        webUrl(doc.url) ? [" · ", h("a", { href: webUrl(doc.url), rel: "noopener noreferrer nofollow", target: "_blank", class: "external" }, "original")] : null,
        ` · ${doc.events.length} event${doc.events.length === 1 ? "" : "s"}`)),
    h("div", { class: "doc-layout" },
      h("article", { class: "card article" },
        h("div", { class: "legend small" },
          h("span", { class: "legend-item" }, h("mark", {}, "evidence"), " sentence of an event"),
          h("span", { class: "legend-item" }, h("strong", { class: "trigger" }, "trigger"), " what was done (underline: QuadClass)")),
        text),
      h("aside", { class: "event-cards" },
        doc.events.length ? cards : emptyState("No events in this article.", "The coder found no event here."))),
  );

  function select(eventId, { scroll = true } = {}) {
    for (const [id, card] of cardById) card.classList.toggle("active", id === eventId);
    for (const el of text.querySelectorAll("[data-events]")) {
      el.classList.toggle("active", el.dataset.events.split(" ").includes(eventId));
    }
    const card = cardById.get(eventId);
    if (card && scroll) {
      card.scrollIntoView({ block: "center" });
      const mark = text.querySelector("mark.active");
      if (mark) mark.scrollIntoView({ block: "center" });
    }
    const { view, parts: p, params: q } = parseHash();
    q.set("e", eventId);
    replaceHash(`#${[view, ...p.map(encodeURIComponent)].join("/")}?${q}`);
  }
  for (const [id, card] of cardById) {
    card.addEventListener("click", (ev) => {
      if (!ev.target.closest("a")) select(id);
    });
    card.addEventListener("mouseenter", () => hover(id));
    card.addEventListener("mouseleave", () => hover(null));
  }
  text.addEventListener("click", (ev) => {
    const mark = ev.target.closest("[data-events]");
    if (!mark) return;
    const ids = mark.dataset.events.split(" ");
    const active = ids.findIndex((id) => cardById.get(id)?.classList.contains("active"));
    const next = ids[(active + 1) % ids.length]; // cycle through a sentence's events
    select(next, { scroll: false });
    cardById.get(next)?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });
  function hover(id) {
    for (const el of text.querySelectorAll("[data-events]")) {
      el.classList.toggle("hover", Boolean(id) && el.dataset.events.split(" ").includes(id));
    }
  }
  const wanted = params.get("e");
  if (wanted && byId.has(wanted)) select(wanted);
}

/**
 * The text as nodes: each stretch covered by an evidence span is a <mark>, each stretch of a
 * trigger a <strong class="trigger">; ``data-events`` lists the events a stretch belongs to.
 * Offsets are code points, so the text is split with Array.from, not by UTF-16 index.
 */
export function markUp(textValue, highlights, byId) {
  const cps = codePoints(textValue);
  const n = cps.length;
  const spans = highlights
    .map((hl) => ({ ...hl, start: Math.max(0, Math.min(n, hl.start)), end: Math.max(0, Math.min(n, hl.end)) }))
    .filter((hl) => hl.end > hl.start);
  const cuts = new Set([0, n]);
  const starts = new Map();
  const ends = new Map();
  for (const hl of spans) {
    cuts.add(hl.start);
    cuts.add(hl.end);
    if (!starts.has(hl.start)) starts.set(hl.start, []);
    starts.get(hl.start).push(hl);
    if (!ends.has(hl.end)) ends.set(hl.end, []);
    ends.get(hl.end).push(hl);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const active = new Set(); // the spans covering the current stretch (one sweep, no rescans)
  const out = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const [a, b] = [bounds[i], bounds[i + 1]];
    for (const hl of ends.get(a) || []) active.delete(hl);
    for (const hl of starts.get(a) || []) active.add(hl);
    const piece = cps.slice(a, b).join("");
    const evidence = [];
    const triggers = [];
    for (const hl of active) (hl.kind === "trigger" ? triggers : evidence).push(hl.event_id);
    let node = document.createTextNode(piece);
    if (triggers.length) {
      const quad = Math.max(...triggers.map((id) => byId.get(id)?.quad_class ?? 0));
      node = h("strong", { class: `trigger tq${quad}`, "data-events": unique(triggers).join(" ") }, node);
    }
    if (evidence.length) {
      node = h("mark", { "data-events": unique(evidence).join(" "), title: `${unique(evidence).length} event(s): click to select` }, node);
    }
    out.push(node);
  }
  return out;
}

function unique(items) {
  return [...new Set(items)];
}

function actorBrief(actor, all, other) {
  if (!actor) return h("span", { class: "muted" }, "–");
  // a reciprocal event lists both actors on both sides: show each once
  const others = (all || []).filter((a) => a.code !== actor.code && (!other || a.code !== other.code));
  return h("span", { class: "who" },
    actorLink(actor),
    actor.text ? h("span", { class: "actor-text" }, ` ${actor.text}`) : null,
    others.length ? h("span", { class: "muted" }, ` +${others.map((a) => a.code || a.text).join(", ")}`) : null);
}

function eventCard(e) {
  const q = QUAD[e.quad_class] || QUAD[0];
  const date = e.event_date || {};
  return h("div", { class: `event-card q${e.quad_class}`, "data-event-id": e.event_id, tabindex: 0 },
    h("div", { class: "dyad-line" },
      actorBrief(e.source, e.sources, e.target), h("span", { class: "arrow", title: e.reciprocal ? "reciprocal" : "source → target" }, e.reciprocal ? " ↔ " : " → "),
      actorBrief(e.target, e.targets, e.source)),
    h("div", { class: "what" }, h("span", { class: "cameo-code" }, e.cameo), " ", e.cameo_name),
    h("div", { class: "tags" },
      e.plover ? h("span", { class: "tag plover" }, e.plover) : null,
      quadBadge(e.quad_class), modeTag(e.mode), goldsteinCell(e.goldstein)),
    h("dl", { class: "card-facts" },
      h("div", {}, h("dt", {}, "date"), h("dd", {}, date.start === date.end ? date.start : `${date.start} – ${date.end}`,
        date.precision ? h("span", { class: "muted" }, ` (${date.precision}${date.text ? `: “${date.text}”` : ""})`) : null)),
      h("div", {}, h("dt", {}, "confidence"), h("dd", {}, fmtNum(e.confidence, 2))),
      h("div", {}, h("dt", {}, "political relevance"), h("dd", {}, fmtNum(e.relevance ?? 1, 2))),
      e.speaker ? h("div", {}, h("dt", {}, "speaker"), h("dd", {}, actorBrief(e.speaker))) : null,
      e.location ? h("div", {}, h("dt", {}, "place"), h("dd", {}, [e.location.name, e.location.country].filter(Boolean).join(", "))) : null,
      h("div", {}, h("dt", {}, "trigger"), h("dd", {}, h("q", {}, e.trigger ? e.trigger.text : "")))),
    h("div", { class: "card-links" },
      e.source && e.target && e.source.code && e.target.code
        ? h("a", { href: hashFor("dyad", [e.source.code, e.target.code]) }, "dyad timeline") : null,
      h("span", { class: "muted small", title: q.name }, e.event_id)));
}
