// Site-wide behaviour. No inline scripts anywhere: the Content-Security-Policy allows only our files.
"use strict";

// Artwork from Ticketmaster/Spotify that fails to load is dropped instead of showing a broken image.
// This script is deferred, so images that failed before it ran are swept up too.
document.addEventListener("error", (ev) => {
  if (ev.target instanceof HTMLImageElement) ev.target.remove();
}, true);
document.querySelectorAll("img").forEach((img) => {
  if (img.complete && img.naturalWidth === 0) img.remove();
});

// Typeahead: choosing an artist not on TheSet yet starts its import at once and opens its page.
document.addEventListener("click", async (ev) => {
  const button = ev.target.closest("[data-import]");
  if (!button) return;
  ev.preventDefault();
  button.disabled = true;
  button.textContent = "Opening…";
  try {
    const res = await fetch("/api/artists/import", {
      method: "POST",
      headers: {"content-type": "application/json"},
      body: JSON.stringify({tmAttractionId: button.dataset.import, name: button.dataset.name}),
    });
    const body = await res.json();
    if (res.ok) { window.location.assign("/artists/" + encodeURIComponent(body.slug)); return; }
    button.textContent = body.error ? body.error.message : "Could not start the import";
  } catch (err) {
    button.textContent = "Network error — try again";
  }
  button.disabled = false;
});

// Keyboard: arrow down from the search box moves into the suggestions.
document.addEventListener("keydown", (ev) => {
  if (ev.key !== "ArrowDown" || !(ev.target instanceof HTMLInputElement) || ev.target.id !== "q") return;
  const first = document.querySelector("#suggestions a, #suggestions button");
  if (first) { ev.preventDefault(); first.focus(); }
});
