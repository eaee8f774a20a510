// Keep shared filter links short: leave empty filter fields out of htmx requests and the URL.
document.addEventListener("htmx:configRequest", (event) => {
  const params = event.detail.parameters;
  for (const key of Array.from(params.keys ? params.keys() : Object.keys(params))) {
    const value = params.get ? params.get(key) : params[key];
    if (value === "") {
      params.delete ? params.delete(key) : delete params[key];
    }
  }
});

// Downloads: say "preparing…" until the server's cookie tells us the file has arrived.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-download]");
  if (!link) return;
  const token = Math.random().toString(36).slice(2, 12);
  const url = new URL(link.href);
  url.searchParams.set("token", token);
  link.href = url.toString();
  const status = link.parentElement.querySelector(".download-status");
  if (!status) return;
  status.textContent = status.dataset.preparing;
  const started = Date.now();
  const timer = setInterval(() => {
    if (document.cookie.includes(`download=${token}`) || Date.now() - started > 60000) {
      status.textContent = "";
      clearInterval(timer);
    }
  }, 250);
});

// After a budget row is added, moved or archived, a measure, goal or focus area moved, or a
// status saved, the content is swapped out of band; put the keyboard focus back where the user
// was working (the server names the element in data-focus, on the swapped element or inside it).
document.addEventListener("htmx:load", (event) => {
  const swapped = event.target;
  if (!swapped.querySelector) return;
  const holder = swapped.dataset.focus ? swapped : swapped.querySelector("[data-focus]");
  const id = holder ? holder.dataset.focus : "";
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  const focusable = target.matches("a, button, summary")
    ? target
    : target.querySelector("a, button, summary");
  (focusable || target).focus();
});

// The import form: show the fields for a new plan or for the plan to update, not both.
function showImportMode(form) {
  const mode = form.querySelector("input[name=mode]:checked");
  if (!mode) return;
  for (const field of form.querySelectorAll("[data-mode]")) {
    field.hidden = field.dataset.mode !== "" && field.dataset.mode !== mode.value;
  }
}
document.addEventListener("change", (event) => {
  if (event.target.name === "mode" && event.target.form) showImportMode(event.target.form);
});
document.addEventListener("htmx:load", (event) => {
  for (const form of event.target.querySelectorAll ? event.target.querySelectorAll(".import-form") : []) {
    showImportMode(form);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll(".import-form")) showImportMode(form);
});

// Plan page on a phone: fold "About the plan" and "Status over time" to their headings, so
// the filter is in sight.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(max-width: 40rem)").matches) return;
  for (const details of document.querySelectorAll("details[data-fold-on-phone]")) {
    details.open = false;
  }
});

// Plan filter: announce what it found (a live region outside the swapped results) and bring
// the results into view after "Show" (a checkbox or a letter typed leaves the page where it is).
document.addEventListener("htmx:afterSwap", (event) => {
  const results = document.getElementById("results");
  const announcement = document.getElementById("results-announcement");
  if (!results || !announcement || event.detail.target.id !== "results") return;
  const count = results.querySelector(".results__count");
  announcement.textContent = count ? count.textContent.replace(/\s+/g, " ").trim() : "";
  const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  const submitted = trigger && trigger.type === "submit";
  const top = results.getBoundingClientRect().top;
  if (submitted && (top < 0 || top > window.innerHeight * 0.5)) {
    results.scrollIntoView({ block: "start" });
  }
});

// Errors in place (issue 15): a form that comes back with errors, as a page or swapped in by
// htmx, takes the keyboard focus to its first wrong field (or its message when the whole form
// is wrong), so keyboard and screen-reader users land where they must act.
function focusFirstError(root) {
  const field = root.querySelector('[aria-invalid="true"]');
  if (field) {
    field.focus();
    return;
  }
  const message = root.querySelector("form .alert--error, form .conflict");
  if (message) {
    if (!message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
    message.focus();
  }
}
document.addEventListener("DOMContentLoaded", () => focusFirstError(document));
document.addEventListener("htmx:load", (event) => {
  if (event.target.querySelector) focusFirstError(event.target);
});

// Limits shown as the user types: the server refuses text over a field's limit (never cuts it),
// and this counter, below each field with data-maxlength (regionplan/lib/forms.py LimitsShown),
// says how close they are before they send it. The words come translated on <body>.
function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name]));
}
function updateCounter(field) {
  const counter = document.getElementById(field.dataset.counter);
  if (!counter) return;
  const limit = Number(field.dataset.maxlength);
  const count = field.value.length;
  const over = count - limit;
  counter.hidden = count < limit * 0.8;
  counter.classList.toggle("char-count--over", over > 0);
  if (counter.hidden) return;
  const texts = document.body.dataset;
  counter.textContent = over > 0
    ? format(texts.limitOver, { over, limit })
    : format(texts.limitCount, { count, limit });
}
function addCounters(root) {
  for (const field of root.querySelectorAll("[data-maxlength]")) {
    if (field.dataset.counter || !field.id) continue;
    const counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = `${field.id}-count`;
    counter.setAttribute("aria-live", "polite");
    counter.hidden = true;
    field.after(counter);
    field.dataset.counter = counter.id;
    const described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);
    updateCounter(field);
  }
}
document.addEventListener("input", (event) => {
  if (event.target.dataset && event.target.dataset.counter) updateCounter(event.target);
});
document.addEventListener("DOMContentLoaded", () => addCounters(document));
document.addEventListener("htmx:load", (event) => {
  if (event.target.querySelectorAll) addCounters(event.target);
});

// The status form by keyboard alone: arrows choose a status, Enter on it saves; in the comment
// Ctrl+Enter (or Cmd+Enter) saves. requestSubmit goes through htmx where the form uses it.
document.addEventListener("keydown", (event) => {
  const field = event.target;
  const form = field.form;
  if (event.key !== "Enter" || !form || !form.classList.contains("status-form")) return;
  const onStatus = field.type === "radio";
  const inComment = field.tagName === "TEXTAREA" && (event.ctrlKey || event.metaKey);
  if (!onStatus && !inComment) return;
  event.preventDefault();
  form.requestSubmit();
});

// A request that got no usable answer (the server failed, or could not be reached) changes
// nothing on the page: say so where the user is working, in their language (the texts are on
// <body>), so that nothing they did is lost without a word. A change may still have been saved
// (the server can fail after saving), hence "reload to see". The next request from the same
// place takes the message away. 4xx answers carry their own message and are swapped in.
function problemSpot(elt) {
  const form = elt.closest("form");
  if (form) return { holder: form, place: (p) => form.append(p) };
  if (elt.tagName === "A") return { holder: elt.parentElement, place: (p) => elt.after(p) };
  return { holder: elt, place: (p) => elt.append(p) };
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const old = problemSpot(event.detail.elt).holder.querySelector(":scope > .request-problem");
  if (old) old.remove();
});

function showProblem(event) {
  const verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "get";
  const text = document.body.dataset[verb === "get" ? "requestFailedRead" : "requestFailedWrite"];
  const message = document.createElement("p");
  message.className = "row-message row-message--error request-problem";
  message.setAttribute("role", "alert");
  message.textContent = text;
  problemSpot(event.detail.elt).place(message);
}

document.addEventListener("htmx:sendError", showProblem);
document.addEventListener("htmx:responseError", (event) => {
  if (event.detail.xhr.status >= 500) showProblem(event);
});
