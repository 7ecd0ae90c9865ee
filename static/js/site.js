// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // The header's search-and-language panel (a <details>, which opens without JavaScript):
  // focus the search box when it opens, close it on Escape or a click elsewhere.
  const tools = document.querySelector(".site-tools");
  if (tools) {
    const summary = tools.querySelector("summary");
    tools.addEventListener("toggle", () => {
      if (tools.open) {
        const input = tools.querySelector("input[type=search]");
        if (input) input.focus();
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && tools.open) {
        tools.open = false;
        summary.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (tools.open && !tools.contains(event.target)) tools.open = false;
    });
  }
});
