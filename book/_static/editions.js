// Point the edition banner's links at the sibling editions: _build/<year>/html/ sits beside the others.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.documentElement.dataset.content_root || "./";
  document.querySelectorAll("a.edition-link").forEach((a) => {
    const year = a.dataset.edition;
    a.href = root + "../../" + (year ? year + "/html/index.html" : "index.html");
  });
});
