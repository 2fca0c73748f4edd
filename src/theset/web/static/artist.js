// Artist page: the import's progress bar, fed by the import stream (SSE), then the content reloads.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("import");
  if (!box) return;
  const stage = box.dataset.stage;
  if (!stage || stage === "completed" || stage === "failed") return;
  const words = JSON.parse(document.getElementById("stage-words").innerHTML || "{}");
  box.classList.remove("hidden");
  const source = new EventSource(`/api/artists/${box.dataset.artist}/stream`);
  source.onmessage = (ev) => {
    const data = JSON.parse(ev.data);
    const bar = box.querySelector("progress");
    bar.value = data.progress;
    bar.textContent = data.progress + " %";
    box.querySelector(".stage").textContent = words[data.stage] || data.stage;
    box.querySelector(".message").textContent = data.message || "";
    if (data.stage === "completed" || data.stage === "failed") {
      source.close();
      box.classList.add(data.stage === "completed" ? "done" : "failed");
      if (data.stage === "completed") document.body.dispatchEvent(new Event("import-done"));
    }
  };
});
