// insats — optional enhancements only; every page works without this file.
// A form marked data-confirm asks before it is sent (deleting a record).
document.addEventListener("submit", function (e) {
  var msg = e.target && e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
