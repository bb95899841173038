/*
 * The host's Confluence page script (Confluence's own UI, not the app's): each "Edit" control of
 * an app macro opens the macro's config view in a dialog, as Confluence's editor does. When the
 * config view submits (the host has then saved the new configuration as a new page version),
 * the page reloads to show it; when it closes, the dialog closes. An app's byline item opens its
 * frame in the same dialog (`data-frame-src`), as Confluence opens a content byline item's.
 */
(function () {
  'use strict';
  var dialog = document.querySelector('.host-macro-dialog');
  if (!dialog) return;
  var frame = dialog.querySelector('.host-macro-config-frame');
  var heading = dialog.querySelector('h2');

  function closeDialog() {
    if (dialog.open) dialog.close();
    frame.removeAttribute('src');
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var edit = target.closest('.host-macro-edit');
    if (edit) {
      heading.textContent = edit.getAttribute('data-config-title') || '';
      frame.setAttribute(
        'src',
        edit.getAttribute('data-config-src') ||
          edit.getAttribute('data-frame-src') ||
          'about:blank',
      );
      dialog.showModal();
      return;
    }
    if (target.closest('.host-macro-dialog-close')) closeDialog();
  });

  dialog.addEventListener('cancel', function () {
    frame.removeAttribute('src');
  });

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'forge-app' || event.source !== frame.contentWindow) return;
    if (data.cmd === 'submit') {
      closeDialog();
      window.location.reload();
    } else if (data.cmd === 'close') {
      closeDialog();
    }
  });
})();
