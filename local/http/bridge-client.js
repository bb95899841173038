/*
 * The local host's half of the Custom UI bridge. Loaded by a classic <script> before the app's
 * bundle, it defines window.__bridge so the REAL @forge/bridge in the app works unmodified.
 * The frame descriptor (module, persona, locale, theme, extension) comes from the iframe's URL,
 * which the host page wrote; every call goes to the host's /__forge/bridge endpoint.
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

  function callBridge(cmd, payload) {
    if (cmd === 'enableTheming') return applyTheme();
    if (cmd === 'submit' || cmd === 'close' || cmd === 'refresh' || cmd === 'open') {
      return toParent(cmd, payload);
    }
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

  window.__bridge = { callBridge: callBridge };
})();
