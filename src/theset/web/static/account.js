// Sign-in and sign-up forms: post JSON to the auth API, show each error next to its field.
"use strict";

const FIELD_OF_CODE = {email_taken: "email"};

function showErrors(form, field, message) {
  form.querySelectorAll(".field-error, .form-error").forEach((el) => { el.textContent = ""; });
  form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  const target = field && form.querySelector(`#${field}-error`);
  (target || form.querySelector("#form-error")).textContent = message;
  if (target) form.querySelector(`#${field}`).setAttribute("aria-invalid", "true");
}

// The API's messages name the field first: "displayName: …", "password must be …", "email …".
const FIELD_WORDS = {displayname: "displayName", password: "password", email: "email", "e-mail": "email"};
function fieldOf(form, code, message) {
  if (FIELD_OF_CODE[code]) return FIELD_OF_CODE[code];
  const first = (message || "").trim().split(/[:\s]/)[0].toLowerCase();
  const name = FIELD_WORDS[first];
  return name && form.querySelector(`#${name}`) ? name : null;
}

function explain(res, body) {
  const error = (body && body.error) || {};
  if (res.status === 429) {
    const wait = res.headers.get("retry-after");
    const minutes = wait ? Math.max(1, Math.ceil(Number(wait) / 60)) : 15;
    return {code: "rate_limited", message: `Too many sign-in attempts from your connection. Try again in about ${minutes} minute${minutes === 1 ? "" : "s"}.`};
  }
  if (res.status === 401) return {code: error.code, message: "That email and password do not match an account."};
  if (res.status === 404 || res.status === 405) return {code: "unavailable", message: "Sign-up is not available yet."};
  return {code: error.code, message: error.message || "Something went wrong. Please try again."};
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("account-form");
  if (!form) return;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const payload = Object.fromEntries(new FormData(form).entries());
    for (const [name, value] of Object.entries(payload)) {
      if (!String(value).trim()) { showErrors(form, name, "Please fill this in."); return; }
    }
    button.disabled = true;
    try {
      const res = await fetch(form.dataset.endpoint, {
        method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify(payload),
        credentials: "same-origin",
      });
      if (res.ok) { window.location.assign(form.dataset.next || "/"); return; }
      let body = null;
      try { body = await res.json(); } catch (err) { body = null; }
      const {code, message} = explain(res, body);
      showErrors(form, fieldOf(form, code, message), message);
    } catch (err) {
      showErrors(form, null, "Network error — check your connection and try again.");
    }
    button.disabled = false;
  });
});
