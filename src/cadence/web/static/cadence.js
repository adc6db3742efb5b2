// cadence's check-in page works without this file: every action is a plain form.
// With it, a tap posts the form in the background and swaps in the page that comes back, so nothing reloads.
"use strict";
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-live")) return;
  event.preventDefault();
  if (document.body.dataset.busy) return;
  document.body.dataset.busy = "1";
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("main");
    if (!fresh) { form.submit(); return; }
    document.getElementById("main").replaceWith(fresh);
    document.title = page.title;
    if (response.redirected) history.replaceState(null, "", response.url);
  } catch (error) {
    form.submit();  // the network failed: let the browser try it the plain way
  } finally {
    delete document.body.dataset.busy;
  }
});
