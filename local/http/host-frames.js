/*
 * The product page's side of what an app frame asks through the bridge: follow its content height
 * (panels and macros grow with their content, as in Jira and Confluence), and navigate when the app
 * uses @forge/bridge's router, mapping product locations to the host's pages and keeping the
 * persona, language and theme chosen on this page.
 */
(function () {
  'use strict';
  var RESIZED = ['host-panel-frame', 'host-action-frame', 'host-macro-frame'];

  function frameOf(source) {
    for (const frame of document.getElementsByTagName('iframe')) {
      if (frame.contentWindow === source) return frame;
    }
    return null;
  }

  function withPersona(path) {
    var here = new URLSearchParams(window.location.search);
    var url = new URL(path, window.location.origin);
    ['as', 'locale', 'theme'].forEach(function (name) {
      var value = here.get(name);
      if (value && !url.searchParams.has(name)) url.searchParams.set(name, value);
    });
    return url.pathname + url.search + url.hash;
  }

  function destination(location) {
    if (!location) return null;
    switch (location.target) {
      case 'contentView':
        return withPersona('/confluence/page/' + encodeURIComponent(location.contentId));
      case 'issue':
        return withPersona('/jira/issue/' + encodeURIComponent(location.issueKey));
      case 'spaceView':
        return withPersona(
          '/confluence/space/' + encodeURIComponent(location.spaceKey) + '/rollouts',
        );
      default:
        break;
    }
    if (typeof location.url === 'string') {
      var url = new URL(location.url, window.location.origin);
      // Links to the product's own REST addresses are not pages: send them to the host's pages.
      var page = /\/pages\/(\d+)/.exec(url.pathname);
      if (
        url.origin === window.location.origin &&
        url.pathname.indexOf('/__forge/confluence/') === 0 &&
        page
      ) {
        return withPersona('/confluence/page/' + page[1]);
      }
      return url.origin === window.location.origin
        ? withPersona(url.pathname + url.search)
        : url.href;
    }
    return null;
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'forge-app') return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.cmd === 'resize' && data.payload && typeof data.payload.height === 'number') {
      if (
        RESIZED.some(function (name) {
          return frame.classList.contains(name);
        })
      ) {
        frame.style.height = Math.max(48, Math.min(data.payload.height, 4000)) + 'px';
      }
    } else if (data.cmd === 'navigate') {
      var to = destination(data.payload);
      if (!to) return;
      if (data.payload.type === 'new-tab') window.open(to, '_blank', 'noopener');
      else window.location.assign(to);
    } else if (data.cmd === 'reload') {
      window.location.reload();
    }
  });
})();
