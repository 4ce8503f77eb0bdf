// #map: where events happened, from /api/places (one aggregate query), on a world outline
// that ships with the explorer (static/world-110m.json, Natural Earth; no map tiles).

import { actorSuggestions } from "./events.js";
import {
  CODE_RE,
  GOLDSTEIN_STOPS,
  api,
  emptyState,
  field,
  fmtInt,
  fmtSigned,
  goldsteinColor,
  h,
  hashFor,
  put,
  s,
  staticJson,
} from "./util.js";

const WORLD = "/static/world-110m.json";
const W = 1000;
const SCALE = 178;
const RAD = Math.PI / 180;

/** The Natural Earth projection (Šavrič et al.), longitude/latitude in degrees → x, y. */
function project(lon, lat) {
  const l = lon * RAD;
  const p = lat * RAD;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [W / 2 + x * SCALE, -y * SCALE];
}

const fx = (v) => (Math.round(v * 10) / 10).toString();

function ringPath(flat, close) {
  let d = "";
  for (let i = 0; i < flat.length; i += 2) {
    const [x, y] = project(flat[i], flat[i + 1]);
    d += `${i ? "L" : "M"}${fx(x)},${fx(y)}`;
  }
  return close ? `${d}Z` : d;
}

function linePath(points) {
  return points.map(([lon, lat], i) => {
    const [x, y] = project(lon, lat);
    return `${i ? "L" : "M"}${fx(x)},${fx(y)}`;
  }).join("");
}

function range(a, b, step) {
  const out = [];
  for (let v = a; v <= b + 1e-9; v += step) out.push(v);
  return out;
}

let basemap = null; // the projected outline, built once per page load

function buildBasemap(world) {
  const sphere = [
    ...range(-90, 90, 2).map((lat) => [-180, lat]),
    ...range(-90, 90, 2).reverse().map((lat) => [180, lat]),
  ];
  const graticule = [
    ...range(-150, 150, 30).map((lon) => linePath(range(-90, 90, 2).map((lat) => [lon, lat]))),
    ...range(-60, 60, 30).map((lat) => linePath(range(-180, 180, 3).map((lon) => [lon, lat]))),
  ].join("");
  return {
    sphere: `${linePath(sphere)}Z`,
    graticule,
    land: world.land.map((r) => ringPath(r, true)).join(""),
    borders: world.borders.map((r) => ringPath(r, false)).join(""),
  };
}

export async function render(root, _parts, params) {
  const actor = (params.get("actor") || "").toUpperCase();
  const since = params.get("since") || "";
  const until = params.get("until") || "";
  const listId = "map-codes";
  const datalist = h("datalist", { id: listId });
  const actorInput = h("input", { name: "actor", value: actor, class: "code-input", list: listId, autocomplete: "off", maxlength: 12, placeholder: "any" });
  const form = h("form", { class: "filters card" },
    h("div", { class: "filter-grid" },
      field("Actor (either side)", actorInput),
      field("From", h("input", { type: "date", name: "since", value: since })),
      field("To", h("input", { type: "date", name: "until", value: until })),
      h("div", { class: "form-actions inline" }, h("button", { type: "submit", class: "primary" }, "Show"))),
    datalist);
  actorSuggestions(actorInput, datalist);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const code = actorInput.value.trim().toUpperCase();
    if (code && !CODE_RE.test(code)) { actorInput.classList.add("invalid"); return; }
    window.location.hash = hashFor("map", [], { actor: code, since: form.elements.since.value, until: form.elements.until.value });
  });
  root.append(
    h("div", { class: "view-head" }, h("h1", {}, "Map of event places"),
      h("p", { class: "lede" }, "Where events happened (the places the coder found in the articles). Circle area: number of events; colour: mean Goldstein score. Scroll or use the buttons to zoom, drag to pan.")),
    form,
  );
  const [world, data] = await Promise.all([
    staticJson(WORLD),
    api("/api/places", { actor: CODE_RE.test(actor) ? actor : "", since, until, limit: 500 }),
  ]);
  basemap ||= buildBasemap(world);
  const places = data.places;

  const mapBox = h("div", { class: "card map-card" });
  const side = h("aside", { class: "card side-panel places-panel" });
  root.append(h("div", { class: "split" }, mapBox, side));

  const top = project(0, 84)[1];
  const bottom = project(0, -58)[1];
  const home = { x: 0, y: top, w: W, h: bottom - top };
  let vb = { ...home };
  const svg = s("svg", { class: "chart worldmap", viewBox: `${vb.x} ${vb.y} ${vb.w} ${vb.h}`, width: "100%", role: "img", "aria-label": "map of event places" });
  svg.append(
    s("path", { class: "sphere", d: basemap.sphere }),
    s("path", { class: "graticule", d: basemap.graticule }),
    s("path", { class: "land", d: basemap.land }),
    s("path", { class: "borders", d: basemap.borders }),
  );
  const maxEvents = Math.max(1, ...places.map((p) => p.events));
  const baseR = (n) => radius(n, maxEvents);
  const gPlaces = s("g", { class: "places" });
  const circles = new Map();
  // biggest first, so small circles stay on top and clickable
  [...places].sort((a, b) => b.events - a.events).forEach((p, i) => {
    const [x, y] = project(p.longitude, p.latitude);
    const key = String(i);
    const c = s("circle", {
      class: "place", cx: fx(x), cy: fx(y), r: fx(baseR(p.events)), fill: goldsteinColor(p.goldstein_mean),
      "data-name": p.name, "data-events": p.events, tabindex: 0, role: "button",
      onclick: () => { if (!dragged) choose(p, key); },
      onkeydown: (ev) => { if (ev.key === "Enter") choose(p, key); },
    }, s("title", {}, `${p.name}${p.country ? ` (${p.country})` : ""}: ${fmtInt(p.events)} events, mean Goldstein ${fmtSigned(p.goldstein_mean, 2)}`));
    circles.set(key, { el: c, place: p });
    gPlaces.append(c);
  });
  svg.append(gPlaces);
  const controls = h("div", { class: "map-controls" },
    h("button", { type: "button", title: "zoom in", onclick: () => zoomAt(vb.x + vb.w / 2, vb.y + vb.h / 2, 1.6) }, "+"),
    h("button", { type: "button", title: "zoom out", onclick: () => zoomAt(vb.x + vb.w / 2, vb.y + vb.h / 2, 1 / 1.6) }, "−"),
    h("button", { type: "button", title: "whole world", onclick: () => { vb = { ...home }; apply(); } }, "⟲"));
  mapBox.append(h("div", { class: "map-wrap" }, svg, controls), goldsteinLegend(maxEvents));
  if (!places.length) {
    mapBox.append(emptyState("No places.", "No event with these filters has a located place."));
  }

  function apply() {
    vb.w = Math.min(home.w * 1.2, Math.max(home.w / 24, vb.w));
    vb.h = vb.w * (home.h / home.w);
    svg.setAttribute("viewBox", `${vb.x} ${vb.y} ${vb.w} ${vb.h}`);
    const z = home.w / vb.w;
    for (const { el, place } of circles.values()) el.setAttribute("r", fx(baseR(place.events) / z));
  }
  function zoomAt(cx, cy, factor) {
    const w = vb.w / factor;
    const hgt = vb.h / factor;
    vb = { x: cx - ((cx - vb.x) * w) / vb.w, y: cy - ((cy - vb.y) * hgt) / vb.h, w, h: hgt };
    apply();
  }
  function toSvg(ev) {
    const pt = svg.createSVGPoint();
    pt.x = ev.clientX;
    pt.y = ev.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  svg.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const p = toSvg(ev);
    zoomAt(p.x, p.y, ev.deltaY < 0 ? 1.25 : 0.8);
  }, { passive: false });
  let drag = null;
  let dragged = false;
  svg.addEventListener("pointerdown", (ev) => {
    drag = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y };
    dragged = false;
  });
  svg.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const k = vb.w / svg.clientWidth;
    const dx = ev.clientX - drag.x;
    const dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) dragged = true;
    if (!dragged) return;
    svg.classList.add("dragging");
    vb.x = drag.vx - dx * k;
    vb.y = drag.vy - dy * k;
    apply();
  });
  const end = () => { drag = null; svg.classList.remove("dragging"); };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointerleave", end);

  const detail = h("div", { class: "place-detail" });
  const listItems = new Map();
  put(
    side,
    h("h2", {}, `${fmtInt(places.length)} places`),
    detail,
    places.length
      ? h("ol", { class: "place-list" }, [...circles.entries()].slice(0, 15).map(([key, { place }]) => {
          const li = h("li", {},
            h("button", { type: "button", class: "linklike", onclick: () => choose(place, key) },
              h("span", { class: "dot", style: `background:${goldsteinColor(place.goldstein_mean)}` }),
              place.name || "(unnamed)", place.country ? h("span", { class: "muted" }, ` ${place.country}`) : null),
            h("span", { class: "num" }, fmtInt(place.events)));
          listItems.set(key, li);
          return li;
        }))
      : null,
  );

  function choose(p, key) {
    for (const [k, { el }] of circles) el.classList.toggle("selected", k === key);
    for (const [k, li] of listItems) li.classList.toggle("selected", k === key);
    detail.replaceChildren(h("div", { class: "card inset" },
      h("h3", {}, p.name || "(unnamed)", p.country ? h("span", { class: "muted" }, ` · ${p.country}`) : null),
      h("p", {}, h("b", {}, fmtInt(p.events)), " events · mean Goldstein ",
        h("b", { style: `color:${goldsteinColor(p.goldstein_mean)}` }, fmtSigned(p.goldstein_mean, 2))),
      h("p", { class: "muted small" }, `${p.latitude.toFixed(2)}°, ${p.longitude.toFixed(2)}°`),
      h("p", { class: "links" },
        p.name ? h("a", { href: hashFor("events", [], { q: p.name, actor }) }, `events mentioning “${p.name}”`) : null,
        p.country ? h("a", { href: hashFor("events", [], { country: p.country }) }, `events with ${p.country} actors`) : null)));
  }
}

/** Circle radius in pixels: area by count; a store with few events keeps small circles. */
function radius(n, maxEvents) {
  return 3 + 19 * Math.sqrt(n / Math.max(maxEvents, 20));
}

function goldsteinLegend(maxEvents) {
  const stops = GOLDSTEIN_STOPS.map(([v, c]) => `${c} ${((v + 10) / 20) * 100}%`).join(", ");
  const sizes = [maxEvents, Math.round(maxEvents / 4), 1].filter((v, i, a) => v >= 1 && a.indexOf(v) === i);
  return h("div", { class: "legend map-legend" },
    h("span", { class: "legend-item" }, "mean Goldstein",
      h("span", { class: "gradient", style: `background: linear-gradient(to right, ${stops})` }),
      h("span", { class: "ramp-labels" }, h("span", {}, "−10 conflict"), h("span", {}, "0"), h("span", {}, "+10 cooperation"))),
    h("span", { class: "legend-item sizes" }, "events",
      sizes.map((n) => {
        const r = radius(n, maxEvents);
        return h("span", { class: "size-key" },
          h("span", { class: "size-dot", style: `width:${2 * r}px;height:${2 * r}px` }), fmtInt(n));
      })));
}
