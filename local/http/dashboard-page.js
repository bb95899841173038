/*
 * The dashboard page's side of its gadgets: "Refresh" (and a configured auto-refresh) sends the
 * gadget's frame the JIRA_DASHBOARD_GADGET_REFRESH event; when an edit view submits or closes,
 * the dashboard shows the gadget's view again.
 */
(function () {
  'use strict';
  var main = document.querySelector('.host-dashboard');
  var viewPath = main ? main.getAttribute('data-view-path') : window.location.pathname;

  function refresh(section) {
    var frame = section.querySelector('iframe');
    if (!frame || !frame.contentWindow) return;
    frame.contentWindow.postMessage(
      {
        source: 'forge-host',
        event: 'JIRA_DASHBOARD_GADGET_REFRESH',
        payload: { gadgetId: section.getAttribute('data-gadget-id') },
      },
      '*',
    );
  }

  document.querySelectorAll('.host-gadget').forEach(function (section) {
    var button = section.querySelector('.host-gadget-refresh');
    if (button) {
      button.addEventListener('click', function () {
        refresh(section);
      });
    }
    var minutes = Number(section.getAttribute('data-refresh-minutes'));
    if (minutes > 0) {
      window.setInterval(function () {
        refresh(section);
      }, minutes * 60000);
    }
  });

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'forge-app') return;
    if (data.cmd === 'submit' || data.cmd === 'close') window.location.assign(viewPath);
  });
})();
