/*
 * The local host's half of the Custom UI bridge. Loaded by a classic <script> before the app's
 * bundle, it defines window.__bridge so the REAL @forge/bridge in the app works unmodified.
 * The frame descriptor (module, persona, locale, theme, extension) comes from the iframe's URL,
 * which the host page wrote; calls go to the host's /__forge/bridge endpoint. `close`,
 * `refresh` and `open` are the page's business and are posted to it; `submit` goes to the host
 * (which saves what was submitted) and then to the page. `showFlag` and `closeFlag` are shown by
 * the page in its flag group, as Jira and Confluence do; a flag's action callbacks stay here
 * (functions cannot cross postMessage) and run when the page reports a click.
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

  // The actions of the flags this frame shows, by flag id: the page sends back which one was
  // clicked.
  var flagActions = new Map();

  function showFlag(payload) {
    var id = String(payload.id);
    var actions = Array.isArray(payload.actions) ? payload.actions : [];
    flagActions.set(id, actions);
    return toParent('showFlag', {
      id: id,
      title: typeof payload.title === 'string' ? payload.title : '',
      description: typeof payload.description === 'string' ? payload.description : '',
      type: payload.type,
      appearance: payload.appearance,
      isAutoDismiss: payload.isAutoDismiss === true,
      actions: actions.map(function (action) {
        return { text: String(action.text) };
      }),
    });
  }

  function closeFlag(payload) {
    var id = String(payload.id);
    flagActions.delete(id);
    return toParent('closeFlag', { id: id });
  }

  // Product events the page sends the frame (a dashboard's JIRA_DASHBOARD_GADGET_REFRESH), to
  // the callbacks @forge/bridge's `events.on` registered.
  var listeners = {};
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data || data.source !== 'forge-host') return;
    if (data.event === 'flagAction' && data.payload) {
      var action = (flagActions.get(String(data.payload.id)) || [])[data.payload.index];
      if (action && typeof action.onClick === 'function') action.onClick();
      return;
    }
    if (data.event === 'flagClosed' && data.payload) {
      flagActions.delete(String(data.payload.id));
      return;
    }
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
    if (cmd === 'showFlag') return showFlag(payload);
    if (cmd === 'closeFlag') return closeFlag(payload);
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
