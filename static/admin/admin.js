// The admin's only script (the CSP forbids inline ones): the change list's
// "select all" checkbox, and a confirmation on buttons that ask for one.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("action-toggle");
  const boxes = () => document.querySelectorAll("input.action-select");
  if (all) {
    all.addEventListener("change", () => {
      boxes().forEach((box) => { box.checked = all.checked; });
    });
    document.addEventListener("change", (event) => {
      if (event.target.classList && event.target.classList.contains("action-select")) {
        all.checked = Array.from(boxes()).every((box) => box.checked);
      }
    });
  }
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
});
