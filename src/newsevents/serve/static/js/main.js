// The explorer's router: the URL hash names the view (#events, #dyad/RUS/CHN, #network,
// #map, #event/<doc_id>, #claims, #actor/<code>, #review); each view renders into <main>.

import * as actor from "./actor.js";
import * as claims from "./claims.js";
import * as document_ from "./document.js";
import * as dyad from "./dyad.js";
import * as events from "./events.js";
import * as map from "./map.js";
import * as network from "./network.js";
import { health, installShortcuts, reviewerBox, setShortcuts } from "./review.js";
import * as reviewPage from "./reviewpage.js";
import { errorBox, fmtInt, h, parseHash } from "./util.js";

const VIEWS = {
  events: { module: events, title: "Events", nav: "events" },
  dyad: { module: dyad, title: "Dyad timeline", nav: "dyad" },
  network: { module: network, title: "Network", nav: "network" },
  map: { module: map, title: "Map", nav: "map" },
  claims: { module: claims, title: "Claims and denials", nav: "claims" },
  event: { module: document_, title: "Article", nav: "events" },
  actor: { module: actor, title: "Actor", nav: "network" },
  review: { module: reviewPage, title: "Review", nav: "review" },
};
const DEFAULT_VIEW = "events";

const main = document.getElementById("view");
let current = 0;

async function route() {
  const { view, parts, params } = parseHash();
  const name = Object.hasOwn(VIEWS, view) ? view : DEFAULT_VIEW;
  const def = VIEWS[name];
  const token = ++current;
  const root = h("section", { class: `view view-${name}`, "data-view": name, "data-state": "loading" });
  setShortcuts(null); // the view registers its own
  main.replaceChildren(root);
  document.title = `${def.title} · newsevents explorer`;
  for (const link of document.querySelectorAll("nav.tabs a")) {
    link.classList.toggle("active", link.dataset.nav === def.nav);
    if (link.dataset.nav === def.nav) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  try {
    await def.module.render(root, parts, params);
    if (token === current) root.dataset.state = "ready";
  } catch (error) {
    if (token === current) {
      root.append(errorBox(error));
      root.dataset.state = "error";
      if (!(error && error.status)) console.warn(error); // a bug, not an API answer
    }
  }
  if (token === current) {
    // for tests and benchmarks: "ready" once the first view shows its data, "renders" counts views
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
    if (!document.body.dataset.ready) document.body.dataset.ready = "1";
  }
}

async function showStats() {
  const box = document.getElementById("stats");
  try {
    const stats = await health();
    const span = stats.first_date
      ? `${stats.first_date} – ${stats.last_date}`
      : "no articles yet";
    box.replaceChildren(
      h("span", {}, h("b", {}, fmtInt(stats.documents)), " articles"),
      h("span", {}, h("b", {}, fmtInt(stats.events)), " events"),
      h("span", { class: "muted" }, span),
    );
  } catch (error) {
    box.replaceChildren(h("span", { class: "bad" }, `store unavailable: ${error.message}`));
  }
}

window.addEventListener("hashchange", route);
showStats();
reviewerBox(document.getElementById("reviewer"));
installShortcuts();
route();
