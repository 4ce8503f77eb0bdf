// #claims: claimed events with who asserts them and who denies them (/api/claims).

import { actorSuggestions } from "./events.js";
import {
  CODE_RE,
  actorLink,
  api,
  emptyState,
  evidenceSnippet,
  eventHref,
  field,
  fmtInt,
  h,
  hashFor,
  put,
  select,
  sideCell,
} from "./util.js";

const PAGE = 50;

export async function render(root, _parts, params) {
  const actor = (params.get("actor") || "").toUpperCase();
  const status = ["asserted", "denied"].includes(params.get("status")) ? params.get("status") : "";
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const listId = "claim-codes";
  const datalist = h("datalist", { id: listId });
  const actorInput = h("input", { name: "actor", value: actor, class: "code-input", list: listId, autocomplete: "off", maxlength: 12, placeholder: "any" });
  const form = h("form", { class: "filters card" },
    h("div", { class: "filter-grid" },
      field("Actor (any side)", actorInput),
      field("Status", select("status", [["", "any"], ["asserted", "asserted only"], ["denied", "denied"]], status)),
      field("From", h("input", { type: "date", name: "since", value: since })),
      field("To", h("input", { type: "date", name: "until", value: until })),
      h("div", { class: "form-actions inline" }, h("button", { type: "submit", class: "primary" }, "Show"))),
    datalist);
  actorSuggestions(actorInput, datalist);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = actorInput.value.trim().toUpperCase();
    if (code && !CODE_RE.test(code)) { actorInput.classList.add("invalid"); return; }
    const f = form.elements;
    window.location.hash = hashFor("claims", [], { actor: code, status: f.status.value, since: f.since.value, until: f.until.value });
  });
  form.elements.status.addEventListener("change", () => form.requestSubmit());
  root.append(
    h("div", { class: "view-head" }, h("h1", {}, "Claims and denials"),
      h("p", { class: "lede" }, "Events that someone says happened (accusations, claims) with who asserts them and who denies them. A claim is one mention: the same accusation in two articles is two claims.")),
    form,
  );
  const data = await api("/api/claims", { actor: CODE_RE.test(actor) ? actor : "", since, until });
  const all = data.claims;
  const shown = status ? all.filter((c) => c.status === status) : all;
  const denied = all.filter((c) => c.status === "denied").length;
  root.append(h("div", { class: "results-summary" },
    h("span", { class: "total" }, h("b", { "data-total": shown.length }, fmtInt(shown.length)), shown.length === 1 ? " claim" : " claims"),
    h("span", { class: "muted" }, ` · ${fmtInt(denied)} denied, ${fmtInt(all.length - denied)} asserted only`)));
  if (!shown.length) {
    root.append(emptyState(all.length ? "No claims match." : "No claims in this store.",
      all.length ? "Try another status or actor." : "Claims appear when articles report accusations or denials (“X accused Y of …”, “Y denied …”)."));
    return;
  }
  const body = h("div", { class: "claims-body" });
  root.append(body);
  let page = 0;
  const draw = () => {
    const slice = shown.slice(page * PAGE, (page + 1) * PAGE);
    const pages = Math.ceil(shown.length / PAGE);
    put(
      body,
      h("div", { class: "table-wrap" }, h("table", { class: "claims" },
        h("thead", {}, h("tr", {}, ["Date", "Claimed event", "Status", "Asserted by", "Denied by", "Article"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, slice.map(claimRow)))),
      pages > 1
        ? h("div", { class: "pager" },
            h("button", { type: "button", class: "ghost prev", disabled: page === 0, onclick: () => { page -= 1; draw(); } }, "‹ Previous"),
            h("span", { class: "page" }, `page ${page + 1} of ${pages}`),
            h("button", { type: "button", class: "ghost next", disabled: page >= pages - 1, onclick: () => { page += 1; draw(); } }, "Next ›"))
        : null,
    );
  };
  draw();
}

function people(actors) {
  if (!actors.length) return h("span", { class: "muted" }, "–");
  return h("span", { class: "people" }, actors.map((a, i) => [i ? ", " : null, actorLink(a), a.text && a.text !== a.code ? h("span", { class: "actor-text" }, ` ${a.text}`) : null]));
}

function claimRow(c) {
  const e = c.event;
  const href = eventHref(e.doc_id, e.event_id);
  return h("tr", { class: `claim-row status-${c.status}`, "data-event-id": c.event_id },
    h("td", { class: "date nowrap" }, e.event_date ? e.event_date.start : e.doc_date),
    h("td", { class: "claim" },
      h("div", { class: "claim-dyad" }, sideCell(e.source, e.sources), " → ",
        e.target ? sideCell(e.target, e.targets) : h("span", { class: "muted" }, "–"),
        h("span", { class: "claim-what" }, " ", h("span", { class: "cameo-code" }, e.cameo), " ", e.cameo_name),
        h("span", { class: `mode m-${e.mode}` }, e.mode)),
      h("div", { class: "claim-evidence" }, evidenceSnippet(e))),
    h("td", {}, h("span", { class: `status ${c.status}` }, c.status === "denied" ? "denied" : "asserted")),
    h("td", {}, people(c.asserted_by)),
    h("td", {}, people(c.denied_by)),
    h("td", {}, h("a", { href, class: "doc-link" }, "read"), " ",
      h("a", { href: hashFor("events", [], { doc_id: e.doc_id }), class: "muted small", title: "all events of the article" }, "events")));
}
