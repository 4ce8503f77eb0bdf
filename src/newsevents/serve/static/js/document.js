// #event/<doc_id>?e=<event_id>: an article with every event's evidence marked (<mark>) and
// its triggers emphasised, and the article's events beside it.

import {
  announce,
  codes,
  correctedValues,
  loadSample,
  postReview,
  reviewBadge,
  reviewButtons,
  reviewForm,
  reviewOn,
  selectionSpan,
  setShortcuts,
} from "./review.js";
import {
  QUAD,
  actorLink,
  api,
  codePoints,
  emptyState,
  errorBox,
  fmtInt,
  fmtNum,
  goldsteinCell,
  h,
  hashFor,
  modeTag,
  parseHash,
  put,
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
  const reviewing = await reviewOn();
  const sampleName = reviewing ? params.get("sample") : null;
  const [doc, sample] = await Promise.all([
    api(`/api/documents/${encodeURIComponent(docId)}`),
    sampleName ? loadSample(sampleName) : null,
  ]);
  const added = reviewing ? (doc.added || []).map(addedEvent) : [];
  const byId = new Map([...doc.events, ...added].map((e) => [e.event_id, e]));
  // cards in reading order, as the marks are
  doc.events.sort((x, y) => x.evidence.start - y.evidence.start || x.trigger.start - y.trigger.start);
  const highlights = added.length
    ? [...doc.highlights, ...added.flatMap((e) => [
        { start: e.evidence.start, end: e.evidence.end, kind: "evidence", event_id: e.event_id },
        ...(e.trigger.end > e.trigger.start ? [{ start: e.trigger.start, end: e.trigger.end, kind: "trigger", event_id: e.event_id }] : []),
      ])]
    : doc.highlights;

  const text = h("div", { class: "article-text", lang: "en" }, markUp(doc.text, highlights, byId));
  const cards = doc.events.map((e) => eventCard(e, reviewing ? review : null));
  const addedCards = added.map((e) => addedCard(e));
  const cardById = new Map([...doc.events, ...added].map((e, i) => [e.event_id, [...cards, ...addedCards][i]]));
  const meta = [doc.date, doc.source].filter(Boolean).join(" · ");
  const addButton = reviewing
    ? h("button", { type: "button", class: "add-here", disabled: true, title: "Select the words of a missed event in the text first (a)", onclick: () => addFromSelection() }, "+ Add event here")
    : null;
  const newSlot = h("div", { class: "new-event-slot" });
  const walk = sample ? sampleBar(sample, sampleName, params.get("e")) : null;
  root.append(
    h("div", { class: "view-head" },
      h("p", { class: "crumbs" }, h("a", { href: "#events" }, "Events"), " › article ", h("code", {}, doc.id)),
      h("h1", {}, doc.title || `Article ${doc.id}`),
      h("p", { class: "lede" }, meta,
        webUrl(doc.url) ? [" · ", h("a", { href: webUrl(doc.url), rel: "noopener noreferrer nofollow", target: "_blank", class: "external" }, "original")] : null,
        ` · ${doc.events.length} event${doc.events.length === 1 ? "" : "s"}`,
        added.length ? ` · ${added.length} added by reviewers` : null)),
    ...(walk ? [walk.bar] : []),
    h("div", { class: "doc-layout" },
      h("article", { class: "card article" },
        h("div", { class: "legend small" },
          h("span", { class: "legend-item" }, h("mark", {}, "evidence"), " sentence of an event"),
          h("span", { class: "legend-item" }, h("strong", { class: "trigger" }, "trigger"), " what was done (underline: QuadClass)"),
          reviewing ? h("span", { class: "legend-item add-tools" }, addButton, h("span", { class: "muted" }, "select the words of a missed event, then add it (a)")) : null),
        text),
      h("aside", { class: "event-cards", "aria-label": "Events of this article" },
        newSlot,
        doc.events.length || added.length ? [cards, addedCards] : emptyState("No events in this article.", "The coder found no event here."))),
  );

  let activeId = null;
  function select(eventId, { scroll = true, focus = false } = {}) {
    activeId = eventId;
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
    if (card && focus) card.focus({ preventScroll: true });
    const { view, parts: p, params: q } = parseHash();
    q.set("e", eventId);
    replaceHash(`#${[view, ...p.map(encodeURIComponent)].join("/")}?${q}`);
  }
  for (const [id, card] of cardById) {
    card.addEventListener("click", (ev) => {
      if (!ev.target.closest("a, button, form")) select(id);
    });
    card.addEventListener("focus", () => {
      if (activeId !== id) select(id, { scroll: false });
    });
    card.addEventListener("mouseenter", () => hover(id));
    card.addEventListener("mouseleave", () => hover(null));
  }
  text.addEventListener("click", (ev) => {
    const mark = ev.target.closest("[data-events]");
    if (!mark) return;
    if (!window.getSelection().isCollapsed) return; // selecting words, not choosing an event
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
  if (!reviewing) return;

  // ---- review mode ----
  const order = doc.events.map((e) => e.event_id);
  let openForm = null;

  function closeForm() {
    if (!openForm) return false;
    const { form, returnTo } = openForm;
    form.remove();
    openForm = null;
    for (const c of cardById.values()) c.classList.remove("editing");
    if (returnTo) returnTo.focus({ preventScroll: true });
    return true;
  }

  function current() {
    if (!activeId || !order.includes(activeId)) {
      if (!order.length) return null;
      select(order[0], { focus: true });
    }
    return byId.get(activeId);
  }

  function move(step) {
    if (walk) return walk.go(step);
    if (!order.length) return;
    const at = order.indexOf(activeId);
    const next = at < 0 ? 0 : Math.max(0, Math.min(order.length - 1, at + step));
    closeForm();
    select(order[next], { focus: true });
  }

  function nextUnreviewed() {
    if (walk) return walk.nextUnreviewed();
    const at = Math.max(0, order.indexOf(activeId));
    for (let i = 1; i <= order.length; i += 1) {
      const id = order[(at + i) % order.length];
      if (!byId.get(id).review) {
        closeForm();
        select(id, { focus: true });
        return;
      }
    }
    announce("Every event of this article is reviewed.");
  }

  async function review(e, what) {
    if (what === "correct") return correct(e);
    try {
      const saved = await postReview({ event_id: e.event_id, verdict: what });
      reviewed(e, saved);
      announce(`Marked ${what}: ${e.cameo} ${e.cameo_name}`);
      if (walk) walk.done(e.event_id, true);
      else move(1);
    } catch (error) {
      showCardError(e, error);
    }
  }

  function reviewed(e, saved) {
    e.review = saved;
    const card = cardById.get(e.event_id);
    if (!card) return;
    card.dataset.verdict = saved.verdict;
    const box = card.querySelector(".review-state");
    if (box) put(box, reviewBadge(saved));
    card.querySelector(".card-error")?.remove();
  }

  function showCardError(e, error) {
    const card = cardById.get(e.event_id);
    if (!card) return;
    card.querySelector(".card-error")?.remove();
    card.append(h("div", { class: "card-error" }, errorBox(error)));
  }

  function correct(e) {
    closeForm();
    select(e.event_id, { scroll: false });
    const card = cardById.get(e.event_id);
    const form = reviewForm({
      event: e,
      docId: doc.id,
      docDate: doc.date,
      actors: doc.actors || [],
      onSaved: (saved) => {
        reviewed(e, saved);
        closeForm();
        announce(`Saved: ${saved.verdict}`);
        if (walk) walk.done(e.event_id, false);
      },
      onClose: closeForm,
    });
    card.classList.add("editing");
    card.append(form);
    openForm = { form, returnTo: card };
    form.scrollIntoView({ block: "nearest" });
    form.focusFirst();
  }

  function addFromSelection() {
    const span = selectionSpan(text, doc.text);
    if (!span) {
      announce("Select the words of the missed event in the text first.");
      return;
    }
    closeForm();
    const form = reviewForm({
      span,
      docId: doc.id,
      docDate: doc.date,
      actors: doc.actors || [],
      onSaved: (saved) => {
        closeForm();
        const e = addedEvent(saved);
        byId.set(e.event_id, e);
        const card = addedCard(e);
        cardById.set(e.event_id, card);
        text.closest(".doc-layout").querySelector(".event-cards").append(card);
        card.scrollIntoView({ block: "nearest" });
        window.getSelection().removeAllRanges();
        announce("Added the event.");
      },
      onClose: closeForm,
    });
    newSlot.append(form);
    openForm = { form, returnTo: addButton };
    form.scrollIntoView({ block: "nearest" });
    form.focusFirst();
  }

  const selectionWatch = () => {
    if (!addButton.isConnected) {
      document.removeEventListener("selectionchange", selectionWatch);
      return;
    }
    const sel = window.getSelection();
    addButton.disabled = !(sel && !sel.isCollapsed && sel.rangeCount && text.contains(sel.getRangeAt(0).commonAncestorContainer));
  };
  document.addEventListener("selectionchange", selectionWatch);

  setShortcuts({
    next: () => move(1),
    prev: () => move(-1),
    right: () => { const e = current(); if (e) review(e, "right"); },
    wrong: () => { const e = current(); if (e) review(e, "wrong"); },
    correct: () => { const e = current(); if (e) correct(e); },
    add: addFromSelection,
    nextUnreviewed,
    close: closeForm,
  });
  if (!activeId && order.length) select(order[0], { scroll: false });
  root.dataset.review = "on";
}

/** A reviewer's added event as the cards and marks show one: the API gives the event as
 * reviewed (with its review) or the review itself (with its ``corrected`` values). */
function addedEvent(a) {
  const review = a.review || a;
  const values = correctedValues(review);
  const evidence = a.evidence || review.evidence || { start: a.evidence_start, end: a.evidence_end };
  let trigger = a.trigger || review.trigger || { start: a.trigger_start, end: a.trigger_end };
  if (!(trigger.end > trigger.start)) trigger = { ...evidence, text: "" };
  const id = a.event_id || `added-${review.review_id ?? Math.random().toString(36).slice(2)}`;
  return {
    ...values,
    ...a,
    event_id: id,
    sources: a.sources || values.sources || [],
    targets: a.targets || values.targets || [],
    evidence,
    trigger,
    quad_class: a.quad_class ?? 0,
    review: { ...review, verdict: "added" },
  };
}

function addedCard(e) {
  return h("div", { class: `event-card added q${e.quad_class}`, "data-event-id": e.event_id, "data-verdict": "added", tabindex: 0 },
    h("div", { class: "dyad-line" },
      codes(e.sources).join(" + ") || h("span", { class: "muted" }, "–"), h("span", { class: "arrow" }, " → "),
      codes(e.targets).join(" + ") || h("span", { class: "muted" }, "–")),
    h("div", { class: "what" },
      e.cameo ? h("span", { class: "cameo-code" }, e.cameo) : null, " ", e.cameo_name || "",
      e.plover ? [" ", h("span", { class: "tag plover" }, e.plover)] : null,
      e.mode ? [" ", modeTag(e.mode)] : null),
    e.trigger && e.trigger.text ? h("div", { class: "small" }, h("span", { class: "muted" }, "trigger "), h("q", {}, e.trigger.text)) : null,
    h("div", { class: "review-state" }, reviewBadge(e.review)));
}

/** The sample walk's bar: where this event is in the sample, and the way on. */
function sampleBar(sample, name, eventId) {
  const items = sample.events;
  // where the walk is: moves at once, before the next article has loaded
  let at = items.findIndex((it) => it.event_id === eventId);
  const count = () => items.filter((it) => it.reviewed).length;
  const progress = h("progress", { max: items.length, value: count(), "aria-label": "reviewed in the sample" });
  const label = h("span", { class: "walk-count" });
  const drawCount = () => {
    progress.value = count();
    label.textContent = `${fmtInt(count())} of ${fmtInt(items.length)} reviewed`;
  };
  drawCount();
  const open = (it) => {
    window.location.hash = hashFor("event", [it.doc_id], { e: it.event_id, sample: name });
  };
  const go = (step) => {
    const next = items[at + step];
    if (next) {
      at += step;
      open(next);
    }
    else announce(step > 0 ? "That was the last event of the sample." : "This is the first event of the sample.");
  };
  const nextUnreviewed = () => {
    for (let i = 1; i <= items.length; i += 1) {
      const it = items[(Math.max(at, 0) + i) % items.length];
      if (!it.reviewed && it.event_id !== eventId) return open(it);
    }
    announce("Every event of the sample is reviewed.");
    window.location.hash = hashFor("review", [], { sample: name });
  };
  const here = items[at];
  const bar = h("nav", { class: "sample-bar card", "aria-label": "Sample walk", "data-sample": name, "data-position": here ? here.position : "" },
    h("span", {}, h("a", { href: hashFor("review", [], { sample: name }) }, `Sample ${name}`),
      here ? [" · event ", h("b", {}, fmtInt(at + 1)), ` of ${fmtInt(items.length)}`, here.stratum ? h("span", { class: "muted" }, ` · stratum ${here.stratum}`) : null]
        : h("span", { class: "muted" }, " · this event is not in the sample")),
    progress, label,
    h("span", { class: "walk-buttons" },
      h("button", { type: "button", class: "ghost walk-prev", disabled: at <= 0, onclick: () => go(-1), title: "previous in the sample (k)" }, "‹ Previous"),
      h("button", { type: "button", class: "ghost walk-next", disabled: at >= items.length - 1, onclick: () => go(1), title: "next in the sample (j)" }, "Next ›"),
      h("button", { type: "button", class: "walk-unreviewed", onclick: nextUnreviewed, title: "next unreviewed (n)" }, "Next unreviewed")));
  return {
    bar,
    go,
    nextUnreviewed,
    /** The event at this position was reviewed; ``advance`` opens the next one. */
    done(id, advance) {
      for (const it of items) if (it.event_id === id) it.reviewed = true;
      drawCount();
      if (advance) {
        if (at >= 0 && at < items.length - 1) go(1);
        else nextUnreviewed();
      }
    },
  };
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

function eventCard(e, review) {
  const q = QUAD[e.quad_class] || QUAD[0];
  const date = e.event_date || {};
  const label = `${e.cameo} ${e.cameo_name}: ${[e.source?.code, e.target?.code].filter(Boolean).join(" to ")}`;
  return h("div", { class: `event-card q${e.quad_class}`, "data-event-id": e.event_id, "data-verdict": e.review ? e.review.verdict : null, tabindex: 0, role: "group", "aria-label": label },
    review ? h("div", { class: "review-bar" },
      h("div", { class: "review-state" }, reviewBadge(e.review)),
      reviewButtons(e, (what) => review(e, what))) : null,
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
