// The events table shared by the search, the dyad period list and the actor pages.

import { reviewBadge, reviewButtons } from "./review.js";
import {
  evidenceSnippet,
  eventHref,
  fmtNum,
  goldsteinCell,
  h,
  modeTag,
  quadBadge,
  put,
  sideCell,
} from "./util.js";

/** The review column's cell content: the event's review state and its buttons. */
export function reviewCell(cell, e, on) {
  return put(cell, reviewBadge(e.review), reviewButtons(e, (what) => on(e, what), { compact: true }));
}

/**
 * A table of events (the API's event dicts); each row opens its article at the event. With
 * ``review`` (a function of the event and "right", "wrong" or "correct"), a first column shows
 * each event's review and the buttons to review it.
 */
export function eventTable(events, { caption, review } = {}) {
  const rows = events.map((e) => {
    const href = eventHref(e.doc_id, e.event_id);
    return h(
      "tr",
      {
        class: "event-row",
        "data-event-id": e.event_id,
        "data-doc-id": e.doc_id,
        "data-verdict": e.review ? e.review.verdict : null,
        tabindex: review ? -1 : null,
        onclick: (ev) => {
          if (ev.target.closest("a, button")) return; // links inside the row keep their own target
          window.location.hash = href;
        },
      },
      review ? reviewCell(h("td", { class: "review-cell" }), e, review) : null,
      h("td", { class: "date nowrap" }, (e.event_date && e.event_date.start) || e.doc_date),
      h("td", { class: "actor" }, sideCell(e.source, e.sources)),
      h(
        "td",
        { class: "cameo" },
        h("span", { class: "cameo-code", title: "CAMEO code" }, e.cameo),
        " ",
        e.cameo_name,
      ),
      h("td", { class: "actor" }, e.target ? sideCell(e.target, e.targets) : h("span", { class: "muted" }, "–")),
      h("td", { class: "plover" }, e.plover || h("span", { class: "muted" }, "–")),
      h("td", {}, quadBadge(e.quad_class)),
      h("td", { class: "num" }, goldsteinCell(e.goldstein)),
      h("td", {}, modeTag(e.mode)),
      h("td", { class: "num" }, fmtNum(e.confidence, 2)),
      h("td", { class: "evidence-cell" }, h("a", { href, class: "evidence-link" }, evidenceSnippet(e))),
    );
  });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "events" },
      caption ? h("caption", {}, caption) : null,
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [review ? "Review" : null, "Date", "Source", "Event (CAMEO)", "Target", "PLOVER", "QuadClass", "Goldstein", "Mode", "Conf.", "Evidence"].map(
            (label) => label && h("th", { scope: "col" }, label),
          ),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}
