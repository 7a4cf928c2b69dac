// The dashboard's only own script (htmx does the rest). Loaded from the package, never inline: the CSP forbids it.
"use strict";

// Provision page: a chosen file is read into the request box, which htmx then checks like typed text.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.fills) {
    return;
  }
  const target = document.getElementById(input.dataset.fills);
  const file = input.files && input.files[0];
  if (!target || !file) {
    return;
  }
  file.text().then((text) => {
    target.value = text;
    target.dispatchEvent(new Event("input", { bubbles: true }));
    target.focus();
  });
});
