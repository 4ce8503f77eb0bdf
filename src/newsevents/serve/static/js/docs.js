// The offline API reference: reads this server's /openapi.json and renders every path,
// method, parameter and response, with an example answer and a form to try GET requests.

import { apiUrl, h } from "./util.js";

/** Shortened example answers, one per operation ("GET /api/events"). */
const EXAMPLES = {
  "GET /health": {
    status: "ok", documents: 2000, events: 21264, first_date: "2005-01-04",
    last_date: "2011-08-23", schema_version: 5, ingest: false,
  },
  "GET /api/events": {
    total: 104, limit: 1, offset: 0,
    events: [{
      event_id: "4ef35faa029a41054353", doc_id: "2fb3ddf2b307fd1e", doc_date: "2024-03-04",
      sentence_index: 0,
      source: { text: "China", name: "China", code: "CHN", country: "CHN", sectors: [], start: 10, end: 15, via: "gazetteer" },
      target: { text: "India", name: "India", code: "IND", country: "IND", sectors: [], start: 20, end: 25, via: "gazetteer" },
      sources: ["…"], targets: ["…"], reciprocal: true,
      cameo: "043", cameo_name: "Host a visit", plover: "CONSULT", quad_class: 1, goldstein: 2.8,
      event_date: { start: "2024-03-04", end: "2024-03-04", precision: "publication", text: "" },
      location: { name: "New Delhi", country: "IND", admin1: "Delhi", latitude: 28.62137, longitude: 77.2148 },
      mode: "asserted",
      evidence: { text: "Officials from China and India met in New Delhi on Monday …", start: 0, end: 96 },
      trigger: { text: "met", start: 31, end: 34 },
      confidence: 0.85, speaker: null, claim_of: null, responds_to: null,
    }],
  },
  "GET /api/dyads/{a}/{b}/timeline": {
    a: "USA", b: "EGY", interval: "month", both_ways: true,
    points: [
      { period: "2011-01", events: 59, goldstein_sum: 143.1, goldstein_mean: 2.425, quad: [0, 47, 6, 3, 3], cooperation: 53, conflict: 6 },
      { period: "2011-02", events: 62, goldstein_sum: 80.4, goldstein_mean: 1.297, quad: [0, 40, 5, 12, 5], cooperation: 45, conflict: 17 },
    ],
  },
  "GET /api/actors": {
    actors: [
      { code: "RUS", name: "Russia", country: "RUS", events: 14 },
      { code: "RUSGOV", name: "Sergei Lavrov", country: "RUS", events: 3 },
    ],
  },
  "GET /api/actors/{code}": {
    code: "RUS", names: [{ key: "Russia", events: 5 }, { key: "Vladimir Putin", events: 3 }],
    as_source: 11, as_target: 4, first_date: "2024-05-01", last_date: "2024-11-03",
    quad_as_source: [0, 8, 0, 1, 2], quad_as_target: [0, 3, 0, 0, 1],
    event_types: [{ key: "CONSULT", events: 3 }, { key: "AGREE", events: 2 }],
    targets: [{ key: "CHN", events: 7 }, { key: "MDA", events: 2 }],
    sources: [{ key: "CHN", events: 3 }],
  },
  "GET /api/network": {
    level: "country",
    nodes: [{ id: "IGO", events: 157 }, { id: "LBY", events: 157 }],
    edges: [{ source: "IGO", target: "LBY", events: 157, goldstein_mean: -6.214, conflict_share: 0.809 }],
  },
  "GET /api/claims": {
    claims: [{
      event_id: "9b332a569b63ff313d5b", status: "denied",
      asserted_by: [{ text: "Russia", name: "Russia", code: "RUS", country: "RUS", sectors: [], start: 0, end: 6, via: "gazetteer" }],
      assertions: ["9b332a569b63ff313d5b"],
      denied_by: [{ text: "Moldova", name: "Moldova", code: "MDA", country: "MDA", sectors: [], start: 80, end: 87, via: "gazetteer" }],
      denials: ["b7852b2e9c200f0224ad"],
      event: { event_id: "9b332a569b63ff313d5b", mode: "claimed", cameo: "112", cameo_name: "Accuse", "…": "an event as in /api/events" },
    }],
  },
  "GET /api/documents/{doc_id}": {
    id: "60c03914ef20a0cc", date: "2024-09-12", title: "", url: "", source: "",
    text: "Japan accused North Korea of firing two ballistic missiles into the Sea of Japan, …",
    events: ["… events as in /api/events …"],
    highlights: [
      { start: 0, end: 117, kind: "evidence", event_id: "87fa3774128c306f617d" },
      { start: 29, end: 58, kind: "trigger", event_id: "87fa3774128c306f617d" },
    ],
  },
  "GET /api/places": {
    places: [{ name: "Tripoli", country: "LBY", latitude: 32.88743, longitude: 13.18733, events: 61, goldstein_mean: -4.47 }],
  },
  "POST /api/articles": {
    received: 1, documents_added: 1, documents_skipped: 0, events_added: 4, ids: ["2024-05-20-sanctions"],
  },
};

const ERROR_EXAMPLE = {
  error: {
    status: 422, type: "invalid_parameter", message: "invalid value for limit",
    detail: [{ field: "limit", message: "Input should be less than or equal to 500" }],
  },
};

const root = document.getElementById("api");
const toc = document.getElementById("toc");

function resolve(spec, schema) {
  let cur = schema || {};
  for (let i = 0; i < 10 && cur.$ref; i += 1) {
    const path = cur.$ref.replace(/^#\//, "").split("/");
    cur = path.reduce((node, key) => (node ? node[key] : undefined), spec) || {};
  }
  return cur;
}

/** A readable type: "string", "integer | null", "enum: day, week", "array of object". */
function typeOf(spec, schema) {
  const sc = resolve(spec, schema);
  if (sc.anyOf || sc.oneOf) {
    const kinds = (sc.anyOf || sc.oneOf).map((x) => typeOf(spec, x)).filter((t) => t !== "null");
    return kinds.join(" | ") + ((sc.anyOf || sc.oneOf).some((x) => x.type === "null") ? " (optional)" : "");
  }
  if (sc.enum) return `${sc.type || "string"}: ${sc.enum.join(" | ")}`;
  if (sc.const !== undefined) return JSON.stringify(sc.const);
  if (sc.type === "array") return `array of ${typeOf(spec, sc.items)}`;
  if (sc.format) return `${sc.type} (${sc.format})`;
  return sc.type || "object";
}

/** Bounds and patterns of a parameter, from its schema and its alternatives. */
function constraints(spec, schema) {
  const out = [];
  const visit = (s0) => {
    const sc = resolve(spec, s0);
    for (const alt of sc.anyOf || sc.oneOf || []) visit(alt);
    if (sc.pattern) out.push(`pattern ${sc.pattern}`);
    if (sc.minimum !== undefined) out.push(`≥ ${sc.minimum}`);
    if (sc.exclusiveMinimum !== undefined) out.push(`> ${sc.exclusiveMinimum}`);
    if (sc.maximum !== undefined) out.push(`≤ ${sc.maximum}`);
    if (sc.maxLength !== undefined) out.push(`at most ${sc.maxLength} characters`);
    if (sc.maxItems !== undefined) out.push(`at most ${sc.maxItems} items`);
  };
  visit(schema);
  return out;
}

function slug(method, path) {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "");
}

function json(value) {
  return h("pre", { class: "json" }, JSON.stringify(value, null, 2));
}

function paramTable(spec, params) {
  return h("div", { class: "table-wrap" }, h("table", { class: "params" },
    h("thead", {}, h("tr", {}, ["Name", "In", "Type", "Default", "Description"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, params.map((p) => {
      const sc = p.schema || {};
      const cons = constraints(spec, sc);
      return h("tr", { "data-param": p.name },
        h("td", {}, p.name, p.required ? h("span", { class: "req", title: "required" }, "required") : null),
        h("td", {}, p.in),
        h("td", { class: "type" }, typeOf(spec, sc)),
        h("td", { class: "type" }, sc.default !== undefined ? JSON.stringify(sc.default) : ""),
        h("td", {}, p.description || sc.description || "", cons.length ? h("div", { class: "constraint" }, cons.join(" · ")) : null));
    }))));
}

function tryForm(method, path, params) {
  if (method !== "get") return null;
  const inputs = params.filter((p) => p.in === "path" || p.in === "query").map((p) => {
    const placeholder = { a: "USA", b: "EGY", code: "USA", doc_id: "document id" }[p.name] || "";
    return [p, h("input", { name: p.name, placeholder, required: p.required || p.in === "path", autocomplete: "off" })];
  });
  const urlLine = h("div", { class: "url" });
  const out = h("div", { class: "try-result" });
  const build = () => {
    let url = path;
    const query = {};
    for (const [p, input] of inputs) {
      const v = input.value.trim();
      if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(v || `{${p.name}}`));
      else query[p.name] = v;
    }
    return apiUrl(url, query);
  };
  const form = h("form", { class: "try" },
    h("div", { class: "filter-grid" },
      inputs.map(([p, input]) => h("label", { class: "field" }, h("span", { class: "label" }, p.name), input)),
      h("button", { type: "submit", class: "primary" }, "Send")),
    urlLine, out);
  form.addEventListener("input", () => { urlLine.textContent = `GET ${build()}`; });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const url = build();
    urlLine.textContent = `GET ${url}`;
    if (url.includes("{")) {
      out.replaceChildren(h("p", { class: "form-message" }, "fill in the path parameters"));
      return;
    }
    out.replaceChildren(h("p", { class: "muted" }, "…"));
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      const body = await response.json();
      let text = JSON.stringify(body, null, 2);
      if (text.length > 20000) text = `${text.slice(0, 20000)}\n… (cut; ${text.length} characters)`;
      out.replaceChildren(h("p", {}, h("span", { class: `status-code ${response.ok ? "ok" : "err"}` }, response.status), response.statusText),
        h("pre", { class: "json" }, text));
    } catch (error) {
      out.replaceChildren(h("p", { class: "form-message" }, String(error)));
    }
  });
  urlLine.textContent = `GET ${build()}`;
  return h("details", { class: "try-details" }, h("summary", {}, "Try it on this server"), form);
}

function operation(spec, path, method, op) {
  const params = op.parameters || [];
  const key = `${method.toUpperCase()} ${path}`;
  const example = EXAMPLES[key];
  const responses = Object.entries(op.responses || {}).map(([code, r]) => {
    const ok = code.startsWith("2");
    const desc = code === "422" ? "Invalid parameter: the common error shape (see Errors at the top), its detail lists the fields" : r.description;
    return h("div", {}, h("span", { class: `status-code ${ok ? "ok" : "err"}` }, code), desc);
  });
  let body = null;
  if (op.requestBody) {
    const content = op.requestBody.content || {};
    const [type, media] = Object.entries(content)[0] || ["", {}];
    const sc = resolve(spec, media.schema);
    body = [h("h4", {}, `Request body (${type})`),
      h("div", { class: "table-wrap" }, h("table", { class: "params body-params" },
        h("thead", {}, h("tr", {}, ["Field", "Type", "Description"].map((t) => h("th", {}, t)))),
        h("tbody", {}, Object.entries(sc.properties || {}).map(([name, prop]) => h("tr", {},
          h("td", {}, name, (sc.required || []).includes(name) ? h("span", { class: "req" }, "required") : null),
          h("td", { class: "type" }, typeOf(spec, prop)),
          h("td", {}, prop.description || constraints(spec, prop).join(" · ")))))))];
  }
  return h("section", { class: "card op", id: slug(method, path), "data-path": path, "data-method": method },
    h("div", { class: "op-head" },
      h("span", { class: `method ${method}` }, method.toUpperCase()),
      h("h3", {}, path),
      op.summary ? h("span", { class: "summary" }, `· ${op.summary}`) : null),
    op.description ? h("p", { class: "description" }, op.description.replace(/``/g, "")) : null,
    params.length ? [h("h4", {}, "Parameters"), paramTable(spec, params)] : h("p", { class: "muted small" }, "No parameters."),
    body,
    h("h4", {}, "Responses"), h("div", { class: "responses" }, responses),
    example ? [h("h4", {}, "Example response"), json(example)] : null,
    tryForm(method, path, params));
}

async function main() {
  let spec;
  try {
    const response = await fetch("/openapi.json");
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
    spec = await response.json();
  } catch (error) {
    root.replaceChildren(h("div", { class: "notice error" }, `Cannot read /openapi.json: ${error.message}`));
    root.dataset.state = "error";
    document.body.dataset.ready = "1";
    return;
  }
  const info = spec.info || {};
  const groups = new Map();
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const tag = (op.tags && op.tags[0]) || "other";
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push([path, method, op]);
    }
  }
  const sections = [];
  const tocItems = [];
  for (const [tag, ops] of groups) {
    sections.push(h("h2", { class: "tag-title", id: `tag-${tag}` }, tag));
    tocItems.push(h("h2", {}, tag), h("ul", {}, ops.map(([path, method]) =>
      h("li", {}, h("a", { href: `#${slug(method, path)}` }, h("span", { class: `method ${method}` }, method.toUpperCase()), path)))));
    for (const [path, method, op] of ops) sections.push(operation(spec, path, method, op));
  }
  toc.replaceChildren(...tocItems);
  root.replaceChildren(
    h("div", { class: "api-intro" },
      h("h1", {}, `${info.title || "API"} HTTP API`, h("span", { class: "version" }, `version ${info.version || "?"} · OpenAPI ${spec.openapi || ""}`)),
      h("p", { class: "lede" }, info.description || ""),
      h("p", {}, "All answers are JSON. Lists are paged with ", h("code", {}, "limit"), " (at most 500) and ", h("code", {}, "offset"),
        "; actor codes are prefixes (", h("code", {}, "RUS"), " matches ", h("code", {}, "RUSGOV"),
        "); dates are ", h("code", {}, "YYYY-MM-DD"), ". Aggregates count only events that happened (modes asserted and reported) unless ",
        h("code", {}, "modes"), " says otherwise. The machine-readable description is ", h("a", { href: "/openapi.json" }, "/openapi.json"), "."),
      h("section", { class: "card error-shape", id: "errors" },
        h("h2", {}, "Errors"),
        h("p", {}, "Every error has the same shape: branch on ", h("code", {}, "type"), ", show ", h("code", {}, "message"),
          ", and find the offending parameters in ", h("code", {}, "detail"), "."),
        json(ERROR_EXAMPLE))),
    ...sections);
  root.dataset.state = "ready";
  document.body.dataset.ready = "1";
  if (window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
}

main();
