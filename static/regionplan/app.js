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
