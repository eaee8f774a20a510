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

// After a budget row is added, moved or archived the tables are swapped out of band; put the
// keyboard focus back where the user was working (the server names the element).
document.addEventListener("htmx:load", (event) => {
  const id = event.target.dataset ? event.target.dataset.focus : "";
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
