// "Select all" on the hours page: ticks every row box that belongs to the bulk form.
// Delegated from the document, so it keeps working after htmx swaps the list.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.organizerSelectAll) {
    return;
  }
  var formId = box.dataset.organizerSelectAll;
  document.querySelectorAll('input[name="entry_ids"][form="' + formId + '"]').forEach(function (row) {
    row.checked = box.checked;
  });
});
