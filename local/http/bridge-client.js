/*
 * The local host's half of the Custom UI bridge. Loaded by a classic <script> before the app's
 * bundle, it defines window.__bridge so the REAL @forge/bridge in the app works unmodified.
 * The frame descriptor (module, persona, locale, theme, extension) comes from the iframe's URL,
 * which the host page wrote; calls go to the host's /__forge/bridge endpoint. `close`,
 * `refresh` and `open` are the page's business and are posted to it; `submit` goes to the host
 * (which saves what was submitted) and then to the page.
 */
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var frame = params.get('frame') || '';
  var descriptor = {};
  try {
    descriptor = JSON.parse(atob(frame.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    descriptor = {};
  }

  function applyTheme() {
    var mode = descriptor.theme === 'dark' ? 'dark' : 'light';
    return fetch('/__forge/theme?mode=' + mode)
      .then(function (r) {
        return r.json();
      })
      .then(function (theme) {
        var html = document.documentElement;
        Object.keys(theme.attributes).forEach(function (name) {
          html.setAttribute(name, theme.attributes[name]);
        });
        var link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = '/__forge/theme.css?mode=' + mode;
        document.head.appendChild(link);
        return true;
      });
  }

  function toParent(cmd, payload) {
    window.parent.postMessage(
      { source: 'forge-app', cmd: cmd, payload: payload, frame: frame },
      '*',
    );
    return Promise.resolve(true);
  }

  function callHost(cmd, payload) {
    return fetch('/__forge/bridge', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ frame: frame, cmd: cmd, payload: payload }),
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var error = new Error(body && body.message ? body.message : 'Bridge call failed');
          throw error;
        }
        return body.result;
      });
    });
  }

  // Product events the page sends the frame (a dashboard's JIRA_DASHBOARD_GADGET_REFRESH), to
  // the callbacks @forge/bridge's `events.on` registered.
  var listeners = {};
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.source !== 'forge-host') return;
    (listeners[data.event] || []).slice().forEach(function (callback) {
      callback(data.payload);
    });
  });

  function subscribe(payload) {
    var list = listeners[payload.event] || (listeners[payload.event] = []);
    list.push(payload.callback);
    return Promise.resolve({
      unsubscribe: function () {
        var at = list.indexOf(payload.callback);
        if (at >= 0) list.splice(at, 1);
      },
    });
  }

  function callBridge(cmd, payload) {
    if (cmd === 'enableTheming') return applyTheme();
    if (cmd === 'on' || cmd === 'onPublic') return subscribe(payload);
    // The host saves what a view submits (a macro's config becomes a new page version), then
    // tells the page around the frame, which closes the dialog and reloads.
    if (cmd === 'submit') {
      return callHost(cmd, payload).then(function (result) {
        if (result !== false) toParent(cmd, payload);
        return result;
      });
    }
    if (
      cmd === 'close' ||
      cmd === 'refresh' ||
      cmd === 'open' ||
      cmd === 'navigate' ||
      cmd === 'reload'
    ) {
      return toParent(cmd, payload);
    }
    return callHost(cmd, payload);
  }

  window.__bridge = { callBridge: callBridge };

  // Forge sizes panel and macro frames to their content; the host page does it on these messages.
  if (typeof ResizeObserver === 'function') {
    var lastHeight = 0;
    new ResizeObserver(function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== lastHeight) {
        lastHeight = height;
        toParent('resize', { height: height });
      }
    }).observe(document.documentElement);
  }
})();
