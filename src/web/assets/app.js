// insats — optional enhancements only; every page works without this file.
// A form marked data-confirm asks before it is sent (deleting a record). Once asked here,
// its "confirm" field says so, and the server does not ask again on a page of its own.
document.addEventListener("submit", function (e) {
  var form = e.target;
  var msg = form && form.getAttribute && form.getAttribute("data-confirm");
  if (!msg) return;
  if (!window.confirm(msg)) {
    e.preventDefault();
    return;
  }
  var field = form.elements && form.elements.namedItem("confirm");
  if (field) field.value = "1";
});
