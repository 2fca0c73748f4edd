// Show page: vote / undo without a reload, add songs, and live counts from the show stream (SSE).
// The server renders the public state; this script adds the caller's own votes (GET /api/shows/{id})
// and keeps counts current for everyone watching.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("show");
  if (!root || root.dataset.hasActual === "true") return;
  const showId = root.dataset.showId;
  const list = document.getElementById("setlist");
  const live = document.getElementById("live-status");
  const errorBox = document.getElementById("vote-error");
  const signedIn = document.querySelector("details.account") !== null;

  const item = (id) => list.querySelector(`li[data-id="${CSS.escape(String(id))}"]`);
  const countOf = (li) => Number(li.querySelector(".count").textContent) || 0;

  function say(message) { live.textContent = message; }
  function fail(message) { errorBox.textContent = message; }

  function setCount(id, votes) {
    const li = item(id);
    if (!li || countOf(li) === votes) return false;
    li.querySelector(".count").textContent = String(votes);
    return true;
  }

  function setVoted(id, voted) {
    const li = item(id);
    if (!li) return;
    const button = li.querySelector("button.vote");
    button.setAttribute("aria-pressed", voted ? "true" : "false");
    button.textContent = voted ? "Voted ✓" : "Vote";
    li.classList.toggle("mine", voted);
  }

  function setVotesLeft(n) {
    if (n === undefined || n === null) return;
    document.getElementById("votes-left").textContent = `${n} vote${n === 1 ? "" : "s"} left for this show`;
  }

  // Most votes first, ties in the predicted order; the focused button keeps its focus.
  function reorder() {
    const focused = document.activeElement;
    const items = [...list.children].sort((a, b) =>
      countOf(b) - countOf(a) || Number(a.dataset.position) - Number(b.dataset.position));
    if (items.some((li, i) => list.children[i] !== li)) {
      items.forEach((li) => list.appendChild(li));
      if (focused && list.contains(focused)) focused.focus();
    }
  }

  function lock() {
    root.dataset.locked = "true";
    list.querySelectorAll("button.vote").forEach((b) => b.classList.add("hidden"));
    document.getElementById("locked-note").classList.remove("hidden");
    const adder = document.getElementById("add-song");
    if (adder) adder.remove();
  }

  function addSong(song) {
    if (item(song.setlistSongId || song.id)) return;
    const template = document.getElementById("song-template").content.firstElementChild.cloneNode(true);
    const id = song.setlistSongId || song.id;
    template.dataset.id = id;
    template.dataset.position = String(song.position || list.children.length + 1);
    template.querySelector(".title").textContent = song.title;
    template.querySelector(".count").textContent = String(song.votes || 0);
    const button = template.querySelector("button.vote");
    button.dataset.vote = id;
    button.setAttribute("aria-label", `Vote for ${song.title}`);
    if (root.dataset.locked === "true") button.classList.add("hidden");
    list.appendChild(template);
    const empty = document.getElementById("empty-setlist");
    if (empty) empty.remove();
  }

  function applySetlist(predicted) {
    if (!predicted) return;
    predicted.songs.forEach((song) => {
      addSong(song);
      setCount(song.id, song.votes);
      if (song.voted !== undefined) setVoted(song.id, song.voted);
    });
    if (predicted.locked) lock();
    reorder();
  }

  function promptSignUp() {
    document.getElementById("signup-prompt").classList.remove("hidden");
    document.querySelector("#signup-prompt a").focus();
  }

  async function send(method, url, body) {
    const res = await fetch(url, {
      method, credentials: "same-origin",
      headers: {"content-type": "application/json"},
      body: body ? JSON.stringify(body) : undefined,
    });
    let data = null;
    try { data = await res.json(); } catch (err) { data = null; }
    return {res, data, code: data && data.error ? data.error.code : null};
  }

  function handleError(res, code, data) {
    if (res.status === 401 || (res.status === 429 && code === "vote_limit_reached" && !signedIn)) return promptSignUp();
    if (code === "setlist_locked") { lock(); return fail("Voting is closed for this show."); }
    if (code === "vote_limit_reached") return fail("You have used all your votes for now.");
    fail((data && data.error && data.error.message) || "That did not work — please try again.");
  }

  list.addEventListener("click", async (ev) => {
    const button = ev.target.closest("button.vote");
    if (!button) return;
    const id = button.dataset.vote;
    const voted = button.getAttribute("aria-pressed") === "true";
    fail("");
    button.disabled = true;
    try {
      const {res, data, code} = voted
        ? await send("DELETE", `/api/shows/${showId}/votes/${id}`)
        : await send("POST", `/api/shows/${showId}/votes`, {setlistSongId: id});
      if (res.ok) {
        setCount(id, data.votes);
        setVoted(id, data.voted);
        setVotesLeft(data.remaining);
        reorder();
        say(`${data.voted ? "Voted for" : "Vote removed from"} ${item(id).querySelector(".title").textContent}`);
      } else {
        handleError(res, code, data);
      }
    } catch (err) {
      fail("Network error — your vote was not sent.");
    }
    button.disabled = false;
  });

  document.addEventListener("click", async (ev) => {
    const button = ev.target.closest("[data-add-song]");
    if (!button) return;
    fail("");
    button.disabled = true;
    try {
      const {res, data, code} = await send("POST", `/api/shows/${showId}/songs`, {songId: button.dataset.addSong});
      if (res.ok) {
        addSong({...data, position: list.children.length + 1});
        setVoted(data.setlistSongId, true);  // adding a song is the adder's vote for it
        reorder();
        send("GET", `/api/shows/${showId}`).then(({data: show}) => show && setVotesLeft(show.votesLeft)).catch(() => {});
        document.getElementById("song-results").textContent = "";
        document.getElementById("song-q").value = "";
        say(`Added ${data.title}`);
        item(data.setlistSongId).querySelector("button.vote").focus();
      } else if (code === "song_already_in_setlist") {
        fail("That song is in the setlist already.");
      } else {
        handleError(res, code, data);
      }
    } catch (err) {
      fail("Network error — the song was not added.");
    }
    button.disabled = false;
  });

  // The caller's own votes and votes left (the page itself is the same for everyone, and cached).
  send("GET", `/api/shows/${showId}`).then(({res, data}) => {
    if (!res.ok || !data) return;
    applySetlist(data.setlists && data.setlists.predicted);
    setVotesLeft(data.votesLeft);
  }).catch(() => {});

  const stream = new EventSource(`/api/shows/${showId}/stream`);
  const parse = (ev) => { try { return JSON.parse(ev.data); } catch (err) { return null; } };
  stream.addEventListener("snapshot", (ev) => {
    const data = parse(ev);
    if (data && data.setlists) applySetlist(data.setlists.predicted);
    if (data) setVotesLeft(data.votesLeft);
  });
  stream.addEventListener("votes", (ev) => {
    const data = parse(ev);
    if (!data || !data.counts) return;
    const changed = Object.entries(data.counts).filter(([id, n]) => setCount(id, n));
    if (!changed.length) return;
    reorder();
    say(changed.slice(0, 3).map(([id, n]) => `${item(id).querySelector(".title").textContent}: ${n} vote${n === 1 ? "" : "s"}`).join(", "));
  });
  stream.addEventListener("song-added", (ev) => {
    const data = parse(ev);
    if (!data) return;
    addSong({...data, position: data.position || list.children.length + 1});
    reorder();
    say(`${data.title} was added to the setlist`);
  });
  stream.addEventListener("locked", () => { lock(); say("Voting is now closed for this show"); });
  stream.addEventListener("actual", () => { stream.close(); window.location.reload(); });
});
