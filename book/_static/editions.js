// Point the edition banner's links at the sibling editions: _build/<year>/html/ sits beside the others;
// a draft's banner also links its review page.
document.addEventListener("DOMContentLoaded", () => {
  const root = document.documentElement.dataset.content_root || "./";
  document.querySelectorAll("a.edition-link").forEach((a) => {
    const year = a.dataset.edition;
    a.href = root + "../../" + (year ? year + "/html/index.html" : "index.html");
  });
  // A draft's banner links its review page.
  document.querySelectorAll("a.review-link").forEach((a) => {
    a.href = root + "book/generated/review.html";
  });
});
