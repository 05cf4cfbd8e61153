// The session register's search: filters the list of young people as you type, on the page.
// Without this script the search box is a plain form that narrows the list on the server, and
// the register still saves exactly the people ticked. Hidden rows stay in the form, so a
// person ticked and then filtered out of view is still saved as attending.
(() => {
  "use strict";
  const search = document.querySelector("[data-register-search]");
  const rows = Array.from(document.querySelectorAll("[data-register-row]"));
  const status = document.querySelector("[data-register-status]");
  const ticked = document.querySelector("[data-ticked-count]");
  if (!search || !rows.length) return;
  const input = search.querySelector("input[name=q]");

  const filter = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const row of rows) {
      const matches = words.every((word) => row.dataset.search.includes(word));
      row.hidden = !matches;
      if (matches) shown += 1;
    }
    status.textContent = words.length
      ? `${shown} of ${rows.length} young ${rows.length === 1 ? "person" : "people"} shown.`
      : "";
  };

  const countTicked = () => {
    ticked.textContent = rows.filter((row) => row.querySelector("input").checked).length;
  };

  input.addEventListener("input", filter);
  // Enter in the search box filters here rather than reloading the page (and losing ticks).
  search.addEventListener("submit", (event) => {
    event.preventDefault();
    filter();
  });
  for (const row of rows) row.querySelector("input").addEventListener("change", countTicked);
  filter();
})();
