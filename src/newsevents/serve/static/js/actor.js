// #actor/CODE: an actor's profile (names, activity, QuadClass mix, event types, partners),
// from /api/actors/{code}; the network view shows the same profile beside the graph.

import { eventTable } from "./table.js";
import { CODE_RE, QUAD, api, errorBox, fmtInt, h, hashFor, put } from "./util.js";

const RECENT = 10;

export async function render(root, parts) {
  const code = (parts[0] || "").toUpperCase();
  root.append(h("div", { class: "view-head" }, h("h1", {}, `Actor ${code}`),
    h("p", { class: "lede" }, "A code prefix: USA covers USAGOV, USAMIL and the other United States actors. Counts are of events that happened (asserted, reported).")));
  if (!CODE_RE.test(code)) throw Object.assign(new Error("an actor code is 1-12 letters or digits"), { status: 422 });
  const box = h("div", { class: "card profile wide-profile" });
  root.append(box);
  await renderProfile(box, code);
  if (box.dataset.state !== "ready") return;
  const found = await api("/api/events", { actor: code, limit: RECENT });
  root.append(
    h("div", { class: "period-head actor-events" },
      h("h2", {}, `Events with ${code}`),
      h("span", { class: "muted" }, `the first ${Math.min(RECENT, found.total)} of ${fmtInt(found.total)}`),
      h("a", { class: "more-link", href: hashFor("events", [], { actor: code }) }, "search all of them")),
    eventTable(found.events));
}

/** Fill ``box`` with the profile of ``code``; throws the API's error (e.g. 404). */
export async function renderProfile(box, code) {
  box.dataset.state = "loading";
  box.replaceChildren(h("p", { class: "muted" }, `Loading ${code}…`));
  let p;
  try {
    p = await api(`/api/actors/${encodeURIComponent(code)}`);
  } catch (error) {
    box.replaceChildren(errorBox(error));
    box.dataset.state = "error";
    return;
  }
  const name = p.names.length ? p.names[0].key : "";
  const maxType = Math.max(1, ...p.event_types.map((t) => t.events));
  put(
    box,
    h("div", { class: "profile-head" },
      h("h2", {}, h("span", { class: "code big" }, p.code), name ? h("span", { class: "profile-name" }, name) : null),
      h("div", { class: "profile-links" },
        h("a", { href: hashFor("events", [], { actor: p.code }) }, "events"),
        h("a", { href: hashFor("map", [], { actor: p.code }) }, "map"),
        h("a", { href: hashFor("claims", [], { actor: p.code }) }, "claims"),
        h("a", { href: hashFor("actor", [p.code]) }, "page"))),
    h("dl", { class: "facts" },
      h("div", {}, h("dt", {}, "as source"), h("dd", {}, fmtInt(p.as_source))),
      h("div", {}, h("dt", {}, "as target"), h("dd", {}, fmtInt(p.as_target))),
      h("div", {}, h("dt", {}, "active"), h("dd", {}, p.first_date ? `${p.first_date} – ${p.last_date}` : "–"))),
    h("h3", {}, "What it does (as source)"), quadBar(p.quad_as_source),
    h("h3", {}, "What is done to it (as target)"), quadBar(p.quad_as_target),
    p.event_types.length ? h("h3", {}, "Event types (PLOVER)") : null,
    p.event_types.length
      ? h("ul", { class: "bars-list" }, p.event_types.map((t) => h("li", {},
          h("a", { href: hashFor("events", [], { actor: p.code, plover: t.key }) }, t.key.toLowerCase()),
          h("span", { class: "hbar" }, h("span", { style: `width:${(100 * t.events) / maxType}%` })),
          h("span", { class: "num" }, fmtInt(t.events)))))
      : null,
    h("div", { class: "partners" },
      partnerList("Acts on", p.targets, (c) => hashFor("dyad", [p.code, c], { both_ways: "false" })),
      partnerList("Acted on by", p.sources, (c) => hashFor("dyad", [c, p.code], { both_ways: "false" }))),
    p.names.length > 1
      ? h("details", { class: "names" }, h("summary", {}, `${p.names.length} names`),
          h("ul", {}, p.names.map((n) => h("li", {}, n.key, h("span", { class: "muted" }, ` ${fmtInt(n.events)}`)))))
      : null,
  );
  box.dataset.state = "ready";
  box.dataset.code = p.code;
}

function quadBar(quad) {
  const total = quad.reduce((a, b) => a + b, 0);
  if (!total) return h("p", { class: "muted small" }, "none");
  return h("div", { class: "quadbar", role: "img", "aria-label": quad.map((n, i) => `${n} ${QUAD[i].name}`).join(", ") },
    quad.map((n, i) => n
      ? h("span", { class: `q${i}`, style: `flex-grow:${n}`, title: `${QUAD[i].name}: ${fmtInt(n)}` }, n / total > 0.08 ? fmtInt(n) : "")
      : null));
}

function partnerList(title, counts, href) {
  return h("div", {}, h("h3", {}, title),
    counts.length
      ? h("ol", { class: "partner-list" }, counts.map((c) => h("li", {},
          h("a", { href: href(c.key), class: "code" }, c.key), h("span", { class: "muted" }, ` ${fmtInt(c.events)}`))))
      : h("p", { class: "muted small" }, "none"));
}
