// #events: search and filter events; the table pages on the server (limit/offset).

import { announce, postReview, reviewForm, reviewOn, setShortcuts } from "./review.js";
import { eventTable, reviewCell } from "./table.js";
import {
  CODE_RE,
  MODES,
  PLOVER,
  QUAD,
  api,
  debounce,
  emptyState,
  errorBox,
  field,
  fmtInt,
  h,
  hashFor,
  put,
  replaceHash,
  select,
} from "./util.js";

const TEXT_FIELDS = ["actor", "source", "target", "country", "q"];
const ALL_FIELDS = [
  ...TEXT_FIELDS, "plover", "quad_class", "mode", "since", "until", "min_confidence", "min_relevance",
  "order",
];
const PAGE_SIZES = [25, 50, 100, 200];

/** Codes typed in the search boxes get suggestions from /api/actors. */
export function actorSuggestions(input, list) {
  const suggest = debounce(async () => {
    const q = input.value.trim();
    if (!q || q.length > 60) return;
    try {
      const found = await api("/api/actors", { q, limit: 12 });
      list.replaceChildren(
        ...found.actors.map((a) =>
          h("option", { value: a.code }, [a.name, a.country].filter(Boolean).join(" · ") || a.code),
        ),
      );
    } catch {
      // suggestions are a convenience; the search itself reports errors
    }
  }, 200);
  input.addEventListener("input", suggest);
}

function codeInput(name, value, placeholder, listId) {
  return h("input", {
    name,
    value,
    placeholder,
    list: listId,
    autocomplete: "off",
    spellcheck: "false",
    maxlength: name === "country" ? 60 : 12,
    class: "code-input",
  });
}

export async function render(root, _parts, params) {
  const reviewing = await reviewOn();
  const state = {};
  for (const key of ALL_FIELDS) state[key] = params.get(key) || "";
  state.reviewed = reviewing && params.get("reviewed") === "true" ? "true" : "";
  let offset = Math.max(0, Number(params.get("offset")) || 0);
  let limit = Number(params.get("limit")) || 50;
  let docId = params.get("doc_id") || "";
  if (!PAGE_SIZES.includes(limit)) limit = 50;

  const listId = "actor-codes";
  const datalist = h("datalist", { id: listId });
  const form = h(
    "form",
    { class: "filters card", autocomplete: "off", role: "search" },
    h(
      "div",
      { class: "filter-grid" },
      field("Actor (either side)", codeInput("actor", state.actor, "e.g. RUS", listId)),
      field("Source", codeInput("source", state.source, "e.g. USAGOV", listId)),
      field("Target", codeInput("target", state.target, "e.g. EGY", listId)),
      field("Country", codeInput("country", state.country, "LBY, Libya")),
      field(
        "PLOVER type",
        select("plover", [["", "any"], ...PLOVER.map((p) => [p, p.toLowerCase()])], state.plover),
      ),
      field(
        "QuadClass",
        select("quad_class", [["", "any"], ...QUAD.map((q, i) => [String(i), `${i} · ${q.name}`])], state.quad_class),
      ),
      field("Mode", select("mode", [["", "any"], ...MODES.map((m) => [m, m])], state.mode)),
      field("From", h("input", { type: "date", name: "since", value: state.since })),
      field("To", h("input", { type: "date", name: "until", value: state.until })),
      field("Order", select("order", [["", "newest first"], ["oldest", "oldest first"]], state.order)),
      field(
        "Min. confidence",
        h("input", {
          type: "number", name: "min_confidence", min: 0, max: 1, step: 0.05,
          value: state.min_confidence, placeholder: "0–1",
        }),
      ),
      field(
        "Min. political relevance",
        h("input", {
          type: "number", name: "min_relevance", min: 0, max: 1, step: 0.1,
          value: state.min_relevance, placeholder: "0–1",
          title: "court, crime, sports and entertainment events score low",
        }),
      ),
      h(
        "label",
        { class: "field wide" },
        h("span", { class: "label" }, "Text in the evidence"),
        h("input", { type: "search", name: "q", value: state.q, placeholder: "e.g. ceasefire", maxlength: 200 }),
      ),
      reviewing
        ? h("label", { class: "check", title: "corrections applied, events marked wrong left out" },
            h("input", { type: "checkbox", name: "reviewed", checked: state.reviewed === "true" }), "As reviewed")
        : null,
    ),
    h(
      "div",
      { class: "form-actions" },
      h("button", { type: "submit", class: "primary" }, "Search"),
      h("button", { type: "button", class: "ghost", onclick: () => reset() }, "Clear filters"),
      docId
        ? h("span", { class: "chip active doc-chip" }, "article ", h("code", {}, docId), " ",
            h("button", { type: "button", class: "linklike", title: "all articles", onclick: (ev) => {
              docId = "";
              ev.target.closest(".doc-chip").remove();
              offset = 0;
              load();
            } }, "×"))
        : null,
      h("span", { class: "form-message", role: "status" }),
    ),
    datalist,
  );
  const summary = h("div", { class: "results-summary" });
  const results = h("div", { class: "results", "data-state": "loading" });
  root.append(
    h("div", { class: "view-head" }, h("h1", {}, "Events"), h("p", { class: "lede" },
      "Every coded event, newest first. Filters combine; codes are prefixes (RUS matches RUSGOV) and match any participant on that side.")),
    form,
    summary,
    results,
  );
  for (const name of ["actor", "source", "target"]) actorSuggestions(form.elements[name], datalist);

  const message = form.querySelector(".form-message");

  function read() {
    for (const key of ALL_FIELDS) state[key] = (form.elements[key].value || "").trim();
    state.reviewed = reviewing && form.elements.reviewed.checked ? "true" : "";
  }

  function invalid() {
    const bad = [];
    for (const name of ["actor", "source", "target"]) {
      const ok = !state[name] || CODE_RE.test(state[name]);
      form.elements[name].classList.toggle("invalid", !ok);
      if (!ok) bad.push(`${name}: letters and digits only`);
    }
    const countryOk = !state.country || /^[A-Za-z]{3}$/.test(state.country);
    form.elements.country.classList.toggle("invalid", !countryOk);
    if (!countryOk) bad.push("country: three letters");
    const conf = state.min_confidence;
    if (conf && !(Number(conf) >= 0 && Number(conf) <= 1)) bad.push("confidence: 0 to 1");
    const rel = state.min_relevance;
    if (rel && !(Number(rel) >= 0 && Number(rel) <= 1)) bad.push("relevance: 0 to 1");
    if (state.since && state.until && state.since > state.until) bad.push("dates: From is after To");
    return bad;
  }

  let request = 0;
  async function load() {
    read();
    const bad = invalid();
    message.textContent = bad.join("; ");
    if (bad.length) return;
    const query = { ...state, doc_id: docId, limit, offset };
    replaceHash(hashFor("events", [], { ...state, doc_id: docId, offset: offset || "", limit: limit === 50 ? "" : limit }));
    const mine = ++request;
    results.dataset.state = "loading";
    results.classList.add("loading");
    let data;
    try {
      data = await api("/api/events", query);
    } catch (error) {
      if (mine !== request) return;
      results.replaceChildren(errorBox(error));
      results.dataset.state = "error";
      results.classList.remove("loading");
      return;
    }
    if (mine !== request) return;
    if (data.total > 0 && offset >= data.total) {
      offset = Math.max(0, Math.floor((data.total - 1) / limit) * limit);
      return load();
    }
    draw(data);
    results.classList.remove("loading");
    results.dataset.state = "ready";
    results.dataset.total = String(data.total);
  }

  function draw(data) {
    const first = data.total ? data.offset + 1 : 0;
    const last = data.offset + data.events.length;
    put(
      summary,
      h("span", { class: "total" }, h("b", { "data-total": data.total }, fmtInt(data.total)),
        data.total === 1 ? " event" : " events"),
      data.total ? h("span", { class: "muted" }, ` · showing ${fmtInt(first)}–${fmtInt(last)}`) : null,
    );
    if (!data.events.length) {
      results.replaceChildren(emptyState("No events match these filters.", "Loosen a filter or clear them all."));
      return;
    }
    shown = data.events;
    selected = -1;
    closeForm();
    results.replaceChildren(eventTable(data.events, reviewing ? { review: onReview } : {}), pager(data));
  }

  // ---- review mode: j/k choose a row, r/w/c review it ----
  let shown = [];
  let selected = -1;
  let openForm = null;

  const rowOf = (e) => results.querySelector(`tr.event-row[data-event-id="${CSS.escape(e.event_id)}"]`);

  function choose(index) {
    if (!shown.length) return;
    selected = Math.max(0, Math.min(shown.length - 1, index));
    for (const row of results.querySelectorAll("tr.event-row.selected")) row.classList.remove("selected");
    const row = rowOf(shown[selected]);
    row.classList.add("selected");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function current() {
    if (selected < 0) choose(0);
    return shown[selected];
  }

  function closeForm() {
    if (!openForm) return;
    openForm.remove();
    openForm = null;
    if (selected >= 0 && shown[selected]) rowOf(shown[selected])?.focus({ preventScroll: true });
  }

  function reviewed(e, saved) {
    e.review = saved;
    const row = rowOf(e);
    if (!row) return;
    row.dataset.verdict = saved.verdict;
    reviewCell(row.querySelector(".review-cell"), e, onReview);
  }

  async function onReview(e, what) {
    choose(shown.indexOf(e));
    if (what === "correct") return correct(e);
    try {
      reviewed(e, await postReview({ event_id: e.event_id, verdict: what }));
      announce(`Marked ${what}: ${e.cameo} ${e.cameo_name}`);
      choose(selected + 1);
    } catch (error) {
      announce(`Not saved: ${error.message}`);
    }
  }

  async function correct(e) {
    closeForm();
    let doc = { actors: [], date: e.doc_date };
    try {
      doc = await api(`/api/documents/${encodeURIComponent(e.doc_id)}`);
    } catch {
      // the form works without the article's actors to pick from
    }
    const form = reviewForm({
      event: e,
      docId: e.doc_id,
      docDate: doc.date,
      actors: doc.actors || [],
      onSaved: (saved) => {
        reviewed(e, saved);
        closeForm();
        announce(`Saved: ${saved.verdict}`);
      },
      onClose: closeForm,
    });
    const row = rowOf(e);
    openForm = h("tr", { class: "form-row" }, h("td", { colspan: row.children.length }, form));
    row.after(openForm);
    form.focusFirst();
  }

  if (reviewing) {
    setShortcuts({
      next: () => choose(selected + 1),
      prev: () => choose(selected - 1),
      right: () => { const e = current(); if (e) onReview(e, "right"); },
      wrong: () => { const e = current(); if (e) onReview(e, "wrong"); },
      correct: () => { const e = current(); if (e) correct(e); },
      add: () => announce("Open an article to add the events the coder missed."),
      nextUnreviewed: () => {
        const at = shown.findIndex((e, i) => i > selected && !e.review);
        if (at >= 0) choose(at);
        else announce("Every event on this page is reviewed.");
      },
      close: closeForm,
    });
  }

  function pager(data) {
    const pages = Math.max(1, Math.ceil(data.total / limit));
    const page = Math.floor(offset / limit) + 1;
    const go = (newOffset) => {
      offset = Math.max(0, newOffset);
      load();
      results.scrollIntoView({ block: "start", behavior: "instant" });
    };
    return h(
      "div",
      { class: "pager" },
      h("button", { type: "button", class: "ghost", disabled: page <= 1, onclick: () => go(0), title: "first page" }, "«"),
      h("button", { type: "button", class: "ghost prev", disabled: page <= 1, onclick: () => go(offset - limit) }, "‹ Previous"),
      h("span", { class: "page" }, `page ${fmtInt(page)} of ${fmtInt(pages)}`),
      h("button", { type: "button", class: "ghost next", disabled: page >= pages, onclick: () => go(offset + limit) }, "Next ›"),
      h("button", { type: "button", class: "ghost", disabled: page >= pages, onclick: () => go((pages - 1) * limit), title: "last page" }, "»"),
      h(
        "label",
        { class: "page-size" },
        "per page ",
        h(
          "select",
          {
            onchange: (ev) => {
              limit = Number(ev.target.value);
              offset = 0;
              load();
            },
          },
          PAGE_SIZES.map((n) => h("option", { value: n, selected: n === limit }, String(n))),
        ),
      ),
    );
  }

  function reset() {
    for (const key of ALL_FIELDS) form.elements[key].value = "";
    if (reviewing) form.elements.reviewed.checked = false;
    offset = 0;
    load();
  }

  const typed = debounce(() => {
    offset = 0;
    load();
  }, 300);
  form.addEventListener("input", (ev) => {
    if (ev.target.matches("input[type=date], input[type=checkbox], select")) return; // handled by change
    typed();
  });
  form.addEventListener("change", (ev) => {
    if (!ev.target.matches("input[type=date], input[type=checkbox], select")) return;
    offset = 0;
    load();
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    offset = 0;
    load();
  });

  await load();
}
