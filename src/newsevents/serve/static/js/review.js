// Review mode: reviewers mark events right or wrong, correct them and add the events the coder
// missed. Only on a server that accepts reviews (/health says "review": true). The reviewer's
// name and token live in sessionStorage (never in the URL) and go with each write as the
// X-Reviewer and Authorization headers. Shared by the article page, the event table and the
// review page; the keyboard shortcuts are dispatched here to whichever view registered them.

import { ApiError, MODES, PLOVER, api, codePoints, debounce, h, put } from "./util.js";

/** An actor code a reviewer may give (a country, organisation and agent codes: RUSMIL). */
const ACTOR_RE = /^[A-Za-z0-9]{3,24}$/;
const NAME_KEY = "newsevents.reviewer";
const TOKEN_KEY = "newsevents.reviewToken";

// ---- is reviewing on? ---------------------------------------------------------------------

let healthPromise = null;

/** /health, asked once per page load. */
export function health() {
  healthPromise ||= api("/health").catch((error) => {
    healthPromise = null;
    throw error;
  });
  return healthPromise;
}

/** Whether this server accepts reviews. */
export async function reviewOn() {
  try {
    return Boolean((await health()).review);
  } catch {
    return false;
  }
}

// ---- who is reviewing ---------------------------------------------------------------------

/** The signed-in reviewer ``{name, token}``, or null. */
export function session() {
  try {
    const name = sessionStorage.getItem(NAME_KEY);
    const token = sessionStorage.getItem(TOKEN_KEY);
    return name && token ? { name, token } : null;
  } catch {
    return null; // storage refused (a private window's policy): nobody is signed in
  }
}

function saveSession(name, token) {
  sessionStorage.setItem(NAME_KEY, name);
  sessionStorage.setItem(TOKEN_KEY, token);
  changed();
}

export function signOut() {
  sessionStorage.removeItem(NAME_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
  changed();
}

const listeners = new Set();
/** Call ``fn`` whenever the reviewer signs in or out. */
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function changed() {
  for (const fn of [...listeners]) fn(session());
}

/** A reviewer's name goes in a header: printable Latin-1 only. */
const NAME_RE = /^[\x20-\x7e\u00a0-\u00ff]{1,60}$/;

/**
 * The sign-in dialog; resolves to the session, or null when cancelled. The server checks the
 * token on the first write: a refused one brings the dialog back with ``refused`` shown.
 */
export function signIn(refused = "") {
  return new Promise((resolve) => {
    const current = session();
    const nameInput = h("input", {
      name: "reviewer", id: "signin-name", autocomplete: "username", maxlength: 60, required: true,
      value: current ? current.name : "", "aria-describedby": "signin-name-error",
    });
    const tokenInput = h("input", {
      name: "token", id: "signin-token", type: "password", autocomplete: "current-password",
      required: true, minlength: 16, "aria-describedby": "signin-token-error",
    });
    const nameError = h("span", { class: "field-error", id: "signin-name-error" });
    const tokenError = h("span", { class: "field-error", id: "signin-token-error" });
    const message = h("p", { class: "form-message", role: "alert" }, refused);
    const cancel = h("button", { type: "button", class: "ghost" }, "Cancel");
    const form = h("form", { method: "dialog", class: "signin-form" },
      h("h2", { id: "signin-title" }, "Sign in to review"),
      h("p", { class: "muted small" },
        "Your name is stored with each review. The token is the server's --review-token (or --token); it stays in this tab only."),
      h("label", { class: "field", for: "signin-name" }, h("span", { class: "label" }, "Your name"), nameInput, nameError),
      h("label", { class: "field", for: "signin-token" }, h("span", { class: "label" }, "Review token"), tokenInput, tokenError),
      message,
      h("div", { class: "form-actions" }, h("button", { type: "submit", class: "primary" }, "Sign in"), cancel));
    const dialog = h("dialog", { class: "modal signin", "aria-labelledby": "signin-title" }, form);
    document.body.append(dialog);
    let result = null;
    const close = () => dialog.close();
    cancel.addEventListener("click", close);
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(result);
    });
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const name = nameInput.value.trim();
      const token = tokenInput.value.trim();
      nameError.textContent = name && NAME_RE.test(name) ? "" : "a name of 1–60 Latin letters, digits or signs";
      tokenError.textContent = token.length >= 16 ? "" : "the token has at least 16 characters";
      nameInput.setAttribute("aria-invalid", String(Boolean(nameError.textContent)));
      tokenInput.setAttribute("aria-invalid", String(Boolean(tokenError.textContent)));
      if (nameError.textContent || tokenError.textContent) return;
      saveSession(name, token);
      result = session();
      close();
    });
    dialog.showModal();
    (current ? tokenInput : nameInput).focus();
  });
}

/** A signed-in session, asking for it when there is none; null if the reviewer cancels. */
export async function ensureSession() {
  return session() || signIn();
}

// ---- writes -------------------------------------------------------------------------------

/** A JSON write with the reviewer's headers; the parsed answer, or throws ApiError. */
export async function write(method, path, body, who = session()) {
  if (!who) throw new ApiError(401, "unauthorized", "sign in to review", null);
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: `Bearer ${who.token}`,
        "X-Reviewer": who.name,
      },
      body: JSON.stringify(body),
    });
  } catch (exc) {
    throw new ApiError(0, "network", `the server did not answer (${exc.message})`, null);
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const err = (answer && answer.error) || {};
    throw new ApiError(response.status, err.type || "error",
      err.message || `${response.status} ${response.statusText}`, err.detail || null);
  }
  return answer;
}

/**
 * POST a review; signs in first when needed (and again after a 401). The stored review.
 */
export async function postReview(body) {
  if (!(await ensureSession())) throw new ApiError(401, "unauthorized", "not signed in", null);
  try {
    return (await write("POST", "/api/reviews", body)).review;
  } catch (error) {
    if (error.status !== 401) throw error;
    signOut();
    if (!(await signIn("The server refused this token; check it and sign in again."))) throw error;
    return (await write("POST", "/api/reviews", body)).review;
  }
}

// ---- the reviewer's box in the top bar ------------------------------------------------------

/** Fill the header's reviewer box; kept up to date on sign-in and sign-out. */
export async function reviewerBox(box) {
  if (!(await reviewOn())) return;
  for (const link of document.querySelectorAll("[data-review-only]")) link.hidden = false;
  const draw = (who) => {
    if (who) {
      put(box,
        h("span", { class: "reviewer-name", title: "reviews are stored under this name" }, "Reviewing as ", h("b", {}, who.name)),
        h("button", { type: "button", class: "linklike signout", onclick: signOut }, "Sign out"),
        h("button", { type: "button", class: "linklike help-button", title: "keyboard shortcuts (?)", "aria-label": "Keyboard shortcuts", onclick: showHelp }, "?"));
    } else {
      put(box, h("button", { type: "button", class: "linklike signin-button", onclick: () => signIn() }, "Sign in to review"));
    }
  };
  draw(session());
  onSessionChange(draw);
}

// ---- the review state of an event -----------------------------------------------------------

const VERDICTS = {
  right: { mark: "✓", text: "right" },
  wrong: { mark: "✗", text: "wrong" },
  corrected: { mark: "✎", text: "corrected" },
  added: { mark: "+", text: "added" },
};

/** What a review says the event is instead (``corrected``: only what the reviewer changed). */
export function correctedValues(review) {
  return (review && (review.corrected || review)) || {};
}

/** What a correction changed, as short text ("CAMEO 042, targets USA CHN"). */
export function correctionText(review) {
  if (!review) return "";
  const c = correctedValues(review);
  const parts = [];
  if (c.cameo) parts.push(`CAMEO ${c.cameo}`);
  if (c.plover && !c.cameo) parts.push(`PLOVER ${c.plover}`);
  if (c.sources) parts.push(`sources ${codes(c.sources).join(" ") || "none"}`);
  if (c.targets) parts.push(`targets ${codes(c.targets).join(" ") || "none"}`);
  if (c.mode) parts.push(`mode ${c.mode}`);
  if (c.date) parts.push(`date ${c.date}`);
  return parts.join(", ");
}

/** Codes of a list of codes or actor dicts. */
export function codes(list) {
  return (list || []).map((a) => (typeof a === "string" ? a : a && a.code)).filter(Boolean);
}

/** A badge: ✓ right · alice (or "not reviewed"). */
export function reviewBadge(review) {
  if (!review) return h("span", { class: "review-badge none" }, "not reviewed");
  const v = VERDICTS[review.verdict] || { mark: "?", text: review.verdict };
  const changes = review.verdict === "corrected" ? correctionText(review) : "";
  const when = review.created_at ? ` on ${String(review.created_at).slice(0, 16).replace("T", " ")}` : "";
  const title = [`${v.text} by ${review.reviewer || "?"}${when}`, changes, review.comment ? `“${review.comment}”` : ""]
    .filter(Boolean).join("\n");
  return h("span", { class: `review-badge v-${review.verdict}`, title, "data-verdict": review.verdict },
    h("span", { class: "v-mark", "aria-hidden": "true" }, v.mark), ` ${v.text}`,
    review.reviewer ? h("span", { class: "by" }, ` · ${review.reviewer}`) : null,
    changes ? h("span", { class: "changes" }, ` · ${changes}`) : null,
    review.comment ? h("span", { class: "comment" }, ` · “${review.comment}”`) : null);
}

/** The Right / Wrong / Correct… buttons of an event (``on`` gets "right", "wrong", "correct"). */
export function reviewButtons(event, on, { compact = false } = {}) {
  const label = (what) => `${what}: ${event.cameo} ${event.cameo_name || ""} (${event.event_id})`;
  return h("span", { class: `review-buttons${compact ? " compact" : ""}`, role: "group", "aria-label": "Review this event" },
    h("button", { type: "button", class: "rv-right", title: "Right (r)", "aria-label": label("Mark right"), onclick: (ev) => { ev.stopPropagation(); on("right"); } },
      compact ? "✓" : "✓ Right"),
    h("button", { type: "button", class: "rv-wrong", title: "Wrong (w)", "aria-label": label("Mark wrong"), onclick: (ev) => { ev.stopPropagation(); on("wrong"); } },
      compact ? "✗" : "✗ Wrong"),
    h("button", { type: "button", class: "rv-correct", title: "Correct… (c)", "aria-label": label("Correct"), onclick: (ev) => { ev.stopPropagation(); on("correct"); } },
      compact ? "✎" : "✎ Correct…"));
}

// ---- the CAMEO list -----------------------------------------------------------------------

let cameoPromise = null;
/** CAMEO codes ``[{code, name, plover, quad_class}]`` from /api/codes/cameo (once). */
export function cameoCodes() {
  cameoPromise ||= api("/api/codes/cameo").then((d) => d.codes).catch(() => []);
  return cameoPromise;
}

// ---- the correction / addition form --------------------------------------------------------

let formCount = 0;

/**
 * The form that corrects an event (``event`` given) or adds one (``span`` given: the evidence
 * and trigger offsets). ``actors``: the article's coded actors to pick from. ``onSaved(review)``
 * after the server stored it; ``onClose()`` on cancel or Esc. Field errors of a 422 show next
 * to their field.
 */
export function reviewForm({ event = null, span = null, docId, docDate, actors = [], onSaved, onClose }) {
  const adding = !event;
  const id = `rf${++formCount}`;
  const listId = `${id}-actors`;
  const cameoListId = `${id}-cameo-list`;
  const initial = {
    cameo: event ? event.cameo : "",
    plover: event ? event.plover || "" : "",
    sources: event ? sideCodes(event.source, event.sources) : [],
    targets: event ? sideCodes(event.target, event.targets) : [],
    mode: event ? event.mode : "asserted",
    date: event ? (event.event_date && event.event_date.start) || event.doc_date : docDate || "",
  };
  const errors = {};
  const fieldBox = (name, label, control, extra) => {
    errors[name] = h("span", { class: "field-error", id: `${id}-${name}-error`, role: "alert" });
    return h("div", { class: `field rf-${name}`, "data-field": name },
      h("label", { class: "label", for: `${id}-${name}` }, label), control, extra, errors[name]);
  };

  const cameoInput = h("input", {
    id: `${id}-cameo`, name: "cameo", value: initial.cameo, class: "code-input", list: cameoListId,
    inputmode: "numeric", maxlength: 4, autocomplete: "off", spellcheck: "false", placeholder: "e.g. 042",
    "aria-describedby": `${id}-cameo-error ${id}-cameo-name`,
  });
  const cameoName = h("span", { class: "hint", id: `${id}-cameo-name` }, event ? event.cameo_name : "");
  const cameoList = h("datalist", { id: cameoListId });
  const ploverSelect = h("select", { id: `${id}-plover`, name: "plover", "aria-describedby": `${id}-plover-error` },
    h("option", { value: "" }, adding ? "from the CAMEO code" : "none"),
    PLOVER.map((p) => h("option", { value: p, selected: p === initial.plover }, p)));
  let known = new Map();
  cameoCodes().then((list) => {
    known = new Map(list.map((c) => [c.code, c]));
    put(cameoList, list.map((c) => h("option", { value: c.code }, `${c.name}${c.plover ? ` · ${c.plover}` : ""}`)));
  });
  cameoInput.addEventListener("input", () => {
    const found = known.get(cameoInput.value.trim());
    cameoName.textContent = found ? found.name : "";
    if (found && found.plover) ploverSelect.value = found.plover;
  });

  const sources = chipsInput("sources", "source", initial.sources, listId, id);
  const targets = chipsInput("targets", "target", initial.targets, listId, id);
  const actorList = h("datalist", { id: listId });
  const articleOptions = uniqueActors(actors).map((a) =>
    h("option", { value: a.code }, `${a.name || a.code} · in this article`));
  put(actorList, articleOptions);
  const suggest = debounce(async (input) => {
    const q = input.value.trim();
    if (!q || q.length > 60) {
      put(actorList, articleOptions);
      return;
    }
    try {
      const found = await api("/api/actors", { q, limit: 12 });
      const inArticle = new Set(uniqueActors(actors).map((a) => a.code));
      put(actorList, articleOptions,
        found.actors.filter((a) => !inArticle.has(a.code)).map((a) =>
          h("option", { value: a.code }, [a.name, a.country].filter(Boolean).join(" · ") || a.code)));
    } catch {
      // suggestions are a convenience; the save reports errors
    }
  }, 200);
  for (const side of [sources, targets]) side.input.addEventListener("input", () => suggest(side.input));

  const modeSelect = h("select", { id: `${id}-mode`, name: "mode", "aria-describedby": `${id}-mode-error` },
    MODES.map((m) => h("option", { value: m, selected: m === initial.mode }, m)));
  const dateInput = h("input", { id: `${id}-date`, name: "date", type: "date", value: initial.date, "aria-describedby": `${id}-date-error` });
  const commentInput = h("textarea", { id: `${id}-comment`, name: "comment", rows: 2, maxlength: 2000, placeholder: "optional", "aria-describedby": `${id}-comment-error` });
  const message = h("p", { class: "form-message", role: "alert" });
  const save = h("button", { type: "submit", class: "primary" }, adding ? "Add event" : "Save correction");

  const spanText = span ? h("div", { class: "rf-span" },
    h("span", { class: "label" }, "Evidence"), " ", h("q", { class: "evidence" }, spanEvidence(span)),
    span.triggerText ? [" ", h("span", { class: "label" }, "trigger"), " ", h("strong", { class: "trigger" }, span.triggerText)] : null) : null;

  const form = h("form", { class: `review-form${adding ? " adding" : ""}`, "aria-label": adding ? "Add a missed event" : "Correct this event", novalidate: true },
    h("h3", {}, adding ? "Add the event the coder missed" : "Correct this event"),
    spanText,
    h("div", { class: "rf-grid" },
      fieldBox("cameo", "CAMEO code", cameoInput, [cameoName, cameoList]),
      fieldBox("plover", "or PLOVER type", ploverSelect),
      fieldBox("sources", "Sources", sources.box),
      fieldBox("targets", "Targets", targets.box),
      fieldBox("mode", "Mode", modeSelect),
      fieldBox("date", "Date", dateInput),
      fieldBox("comment", "Comment", commentInput)),
    actorList,
    message,
    h("div", { class: "form-actions" },
      save,
      adding ? null : h("button", { type: "button", class: "rv-right", onclick: () => submit("right") }, "✓ Right"),
      adding ? null : h("button", { type: "button", class: "rv-wrong", onclick: () => submit("wrong") }, "✗ Wrong"),
      h("button", { type: "button", class: "ghost", onclick: () => onClose && onClose() }, "Cancel"),
      h("span", { class: "muted small" }, "Esc closes")));

  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      if (onClose) onClose();
    }
  });
  form.addEventListener("click", (ev) => ev.stopPropagation()); // not a click on the card
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit(adding ? "added" : "corrected");
  });

  function body(verdict) {
    const comment = commentInput.value.trim();
    if (verdict === "right" || verdict === "wrong") {
      return { event_id: event.event_id, verdict, ...(comment ? { comment } : {}) };
    }
    const out = { verdict };
    const cameo = cameoInput.value.trim();
    const plover = ploverSelect.value;
    const src = sources.values();
    const tgt = targets.values();
    if (adding) {
      Object.assign(out, { doc_id: docId, evidence_start: span.evidenceStart, evidence_end: span.evidenceEnd });
      if (span.triggerEnd > span.triggerStart) Object.assign(out, { trigger_start: span.triggerStart, trigger_end: span.triggerEnd });
      if (cameo) out.cameo = cameo;
      else if (plover) out.plover = plover;
      if (src.length) out.sources = src;
      if (tgt.length) out.targets = tgt;
      out.mode = modeSelect.value;
      if (dateInput.value) out.date = dateInput.value;
    } else {
      out.event_id = event.event_id;
      if (cameo !== initial.cameo) out.cameo = cameo;
      else if (plover !== initial.plover) out.plover = plover;
      if (!sameList(src, initial.sources)) out.sources = src;
      if (!sameList(tgt, initial.targets)) out.targets = tgt;
      if (modeSelect.value !== initial.mode) out.mode = modeSelect.value;
      if (dateInput.value && dateInput.value !== initial.date) out.date = dateInput.value;
    }
    if (comment) out.comment = comment;
    return out;
  }

  function clearErrors() {
    message.textContent = "";
    for (const [name, el] of Object.entries(errors)) {
      el.textContent = "";
      form.querySelector(`[data-field="${name}"]`).classList.remove("has-error");
    }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }

  function showError(name, text) {
    const el = errors[name];
    if (!el) return false;
    el.textContent = text;
    const box = form.querySelector(`[data-field="${name}"]`);
    box.classList.add("has-error");
    const control = box.querySelector("input, select, textarea");
    if (control) control.setAttribute("aria-invalid", "true");
    return true;
  }

  async function submit(verdict) {
    clearErrors();
    const sent = body(verdict);
    if (verdict === "corrected" && Object.keys(sent).filter((k) => !["verdict", "event_id", "comment"].includes(k)).length === 0) {
      message.textContent = "Nothing changed: change a field, or mark the event right or wrong.";
      return;
    }
    if (verdict === "added" && !sent.cameo && !sent.plover) {
      showError("cameo", "give a CAMEO code or choose a PLOVER type");
      cameoInput.focus();
      return;
    }
    const badCode = [...sources.values(), ...targets.values()].find((c) => !ACTOR_RE.test(c));
    if (badCode) {
      showError(sources.values().includes(badCode) ? "sources" : "targets", `${badCode}: 3–24 letters or digits`);
      return;
    }
    form.classList.add("saving");
    save.disabled = true;
    try {
      const review = await postReview(sent);
      if (onSaved) onSaved(review || { ...sent, reviewer: session()?.name });
    } catch (error) {
      const unplaced = [];
      for (const d of Array.isArray(error.detail) ? error.detail : []) {
        const name = String(d.field || "").replace(/^body\./, "").split(".")[0];
        const field = name === "evidence_start" || name === "evidence_end" ? "" : name;
        const more = (d.suggestions || []).filter((x) => !String(d.message).includes(x));
        const text = more.length ? `${d.message} (did you mean ${more.join(", ")}?)` : d.message;
        if (!showError(field, text)) unplaced.push(d.field ? `${d.field}: ${text}` : text);
      }
      message.textContent = [error.message, ...unplaced].join(" · ");
      const bad = form.querySelector("[aria-invalid=true]");
      if (bad) bad.focus();
    } finally {
      form.classList.remove("saving");
      save.disabled = false;
    }
  }

  form.focusFirst = () => cameoInput.focus();
  return form;
}

function spanEvidence(span) {
  return span.evidenceText || "";
}

/** The codes of a side: the primary actor first, each once. */
function sideCodes(primary, all) {
  return [...new Set(codes([primary, ...(all || [])]))];
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function uniqueActors(actors) {
  const seen = new Map();
  for (const a of actors || []) {
    if (a && a.code && !seen.has(a.code)) seen.set(a.code, a);
  }
  return [...seen.values()];
}

/** Chips of actor codes with an input to add one (Enter or comma) and × to remove one. */
function chipsInput(name, singular, initial, listId, formId) {
  let values = [...initial];
  const chips = h("span", { class: "chip-list", role: "list", "aria-label": `${name}` });
  const input = h("input", {
    id: `${formId}-${name}`, class: "code-input", list: listId, autocomplete: "off", spellcheck: "false",
    maxlength: 24, placeholder: `add a ${singular}`, "aria-describedby": `${formId}-${name}-error`,
  });
  const add = h("button", { type: "button", class: "ghost small-button", "aria-label": `Add ${singular}` }, "+");
  const draw = () => put(chips, values.map((code) => h("span", { class: "chip active", role: "listitem", "data-code": code }, code,
    h("button", {
      type: "button", class: "linklike chip-x", "aria-label": `Remove ${singular} ${code}`,
      onclick: () => {
        values = values.filter((v) => v !== code);
        draw();
        input.focus();
      },
    }, "×"))));
  const take = () => {
    const code = input.value.trim().toUpperCase().replace(/,$/, "");
    if (!code) return false;
    if (!values.includes(code)) values.push(code);
    input.value = "";
    draw();
    return true;
  };
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === ",") {
      if (take() || ev.key === ",") ev.preventDefault();
    } else if (ev.key === "Backspace" && !input.value && values.length) {
      values.pop();
      draw();
    }
  });
  input.addEventListener("change", () => {
    // a choice from the suggestions list
    if (ACTOR_RE.test(input.value.trim())) take();
  });
  add.addEventListener("click", () => {
    take();
    input.focus();
  });
  draw();
  return {
    box: h("span", { class: "chips-input" }, chips, input, add),
    input,
    values: () => {
      const pending = input.value.trim().toUpperCase();
      return pending && !values.includes(pending) ? [...values, pending] : [...values];
    },
  };
}

// ---- text selection: the span of a missed event ---------------------------------------------

/**
 * The code-point offsets of the selection inside ``container`` (the article text): the
 * trigger is the selection, the evidence the sentences around it. Null without a selection.
 */
export function selectionSpan(container, text) {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  const offset = (node, at) => {
    const before = document.createRange();
    before.setStart(container, 0);
    before.setEnd(node, at);
    return codePoints(before.toString()).length;
  };
  const cps = codePoints(text);
  let start = offset(range.startContainer, range.startOffset);
  let end = offset(range.endContainer, range.endOffset);
  while (start < end && /\s/.test(cps[start])) start += 1;
  while (end > start && /\s/.test(cps[end - 1])) end -= 1;
  if (end <= start) return null;
  const [evStart, evEnd] = sentenceAround(cps, start, end);
  return {
    triggerStart: start,
    triggerEnd: end,
    triggerText: cps.slice(start, end).join(""),
    evidenceStart: evStart,
    evidenceEnd: evEnd,
    evidenceText: cps.slice(evStart, evEnd).join(""),
  };
}

/** The sentence(s) around [start, end): from after the last stop or line break before, to
 * the next stop (included) or line break after. */
export function sentenceAround(cps, start, end) {
  let a = start;
  while (a > 0 && !(/[.!?]/.test(cps[a - 1]) && /\s/.test(cps[a] || " ")) && cps[a - 1] !== "\n") a -= 1;
  while (a < start && /\s/.test(cps[a])) a += 1;
  let b = end;
  while (b < cps.length && cps[b] !== "\n" && !(/[.!?]/.test(cps[b - 1] || "") && /\s/.test(cps[b]) && b > end)) b += 1;
  while (b > end && /\s/.test(cps[b - 1])) b -= 1;
  return [a, b];
}

// ---- keyboard shortcuts ---------------------------------------------------------------------

export const SHORTCUTS = [
  ["j", "next event"],
  ["k", "previous event"],
  ["r", "mark the event right"],
  ["w", "mark the event wrong"],
  ["c", "correct the event…"],
  ["a", "add an event from the selected text"],
  ["n", "next unreviewed event"],
  ["Esc", "close the form or this help"],
  ["?", "show this help"],
];
const KEYS = { j: "next", k: "prev", r: "right", w: "wrong", c: "correct", a: "add", n: "nextUnreviewed" };

let handlers = null;
let installed = false;

/** The current view's shortcut handlers ({next, prev, right, wrong, correct, add,
 * nextUnreviewed, close}); null when the view has none. */
export function setShortcuts(value) {
  handlers = value;
}

function typing(target) {
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable=''], [contenteditable=true]"));
}

/** Listen for the shortcuts (once, when reviewing is on). */
export async function installShortcuts() {
  if (installed || !(await reviewOn())) return;
  installed = true;
  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing || ev.defaultPrevented) return;
    if (document.querySelector("dialog[open]")) return; // a dialog has the keyboard
    if (ev.key === "Escape") {
      if (handlers && handlers.close) handlers.close();
      return;
    }
    if (typing(ev.target)) return;
    if (ev.key === "?") {
      ev.preventDefault();
      showHelp();
      return;
    }
    const action = KEYS[ev.key];
    if (!action || !handlers || !handlers[action]) return;
    ev.preventDefault();
    handlers[action]();
  });
}

/** The shortcuts as a dialog. */
export function showHelp() {
  if (document.querySelector("dialog.help")) return;
  const close = h("button", { type: "button", class: "primary" }, "Close");
  const dialog = h("dialog", { class: "modal help", "aria-labelledby": "help-title" },
    h("h2", { id: "help-title" }, "Keyboard shortcuts"),
    h("p", { class: "muted small" }, "On an article, in the event table and while walking a sample. They do nothing while you type in a field."),
    h("table", { class: "shortcuts" }, h("tbody", {}, SHORTCUTS.map(([key, what]) =>
      h("tr", {}, h("td", {}, h("kbd", {}, key)), h("td", {}, what))))),
    h("div", { class: "form-actions" }, close));
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

/** Announce ``text`` to screen readers (and show it briefly). */
export function announce(text) {
  let live = document.getElementById("review-live");
  if (!live) {
    live = h("div", { id: "review-live", class: "toast", role: "status", "aria-live": "polite" });
    document.body.append(live);
  }
  live.textContent = text;
  live.classList.add("shown");
  clearTimeout(live.timer);
  live.timer = setTimeout(() => live.classList.remove("shown"), 2500);
}

// ---- samples --------------------------------------------------------------------------------

const RECENT_KEY = "newsevents.samples";

/** Sample names opened in this browser, newest first. */
export function recentSamples() {
  try {
    return JSON.parse(localStorage.getItem(RECENT_KEY) || "[]").filter((n) => typeof n === "string");
  } catch {
    return [];
  }
}

export function rememberSample(name) {
  try {
    const names = [name, ...recentSamples().filter((n) => n !== name)].slice(0, 12);
    localStorage.setItem(RECENT_KEY, JSON.stringify(names));
  } catch {
    // not remembered: the name can be typed
  }
}

/** A sample's events ``{name, events: [{position, event_id, doc_id, stratum, reviewed}]}``. */
export async function loadSample(name) {
  const sample = await api(`/api/review/samples/${encodeURIComponent(name)}`);
  sample.events.sort((a, b) => a.position - b.position);
  return sample;
}
