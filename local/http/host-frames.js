/*
 * The product page's side of what an app frame asks through the bridge: follow its content height
 * (panels and macros grow with their content, as in Jira and Confluence), and navigate when the app
 * uses @forge/bridge's router, mapping product locations to the host's pages and keeping the
 * persona, language and theme chosen on this page. Flags the app shows with @forge/bridge's
 * `showFlag` appear in the page's flag group at the bottom left, as in Jira and Confluence: newest
 * on top, a dismiss button unless the flag is bold, closed after 8 seconds when auto-dismissed.
 */
(function () {
  'use strict';
  // A full-page module (admin page, global page) grows with its content too, so the product page
  // scrolls, not a frame cut off at the viewport's height.
  var RESIZED = ['host-panel-frame', 'host-action-frame', 'host-macro-frame', 'host-frame'];

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

  var AUTO_DISMISS_MS = 8000;
  var GLYPHS = { success: '\u2713', info: 'i', warning: '!', error: '\u00d7' };
  var DISMISS_LABEL = { fr: 'Fermer', en: 'Dismiss' };
  var GROUP_LABEL = { fr: 'Notifications', en: 'Notifications' };

  function pageLanguage() {
    return (document.documentElement.lang || 'en').slice(0, 2).toLowerCase() === 'fr' ? 'fr' : 'en';
  }

  function flagGroup() {
    var group = document.getElementById('host-flags');
    if (group) return group;
    group = document.createElement('section');
    group.id = 'host-flags';
    group.className = 'host-flags';
    group.setAttribute('aria-label', GROUP_LABEL[pageLanguage()]);
    document.body.appendChild(group);
    return group;
  }

  function flagKey(frame, id) {
    return (frame.getAttribute('data-flag-frame') || '') + ':' + id;
  }

  function closeFlag(frame, id) {
    var key = flagKey(frame, id);
    var group = document.getElementById('host-flags');
    if (!group) return;
    Array.prototype.slice.call(group.children).forEach(function (flag) {
      if (flag.getAttribute('data-flag-key') === key) flag.remove();
    });
  }

  function dismissed(frame, id) {
    closeFlag(frame, id);
    if (frame.contentWindow) {
      frame.contentWindow.postMessage(
        { source: 'forge-host', event: 'flagClosed', payload: { id: id } },
        '*',
      );
    }
  }

  function showFlag(frame, options) {
    if (!frame.getAttribute('data-flag-frame')) {
      frame.setAttribute('data-flag-frame', String(Math.random()).slice(2));
    }
    var id = String(options.id);
    closeFlag(frame, id);
    var type = GLYPHS[options.appearance] ? options.appearance : options.type;
    if (!GLYPHS[type]) type = 'info';
    var bold = Boolean(GLYPHS[options.appearance]);
    var flag = document.createElement('div');
    flag.className = 'host-flag host-flag-' + type + (bold ? ' host-flag-bold' : '');
    flag.setAttribute('role', 'group');
    flag.setAttribute('data-flag-key', flagKey(frame, id));
    flag.setAttribute('data-flag-type', type);
    var titleId = 'host-flag-title-' + flagKey(frame, id).replace(/[^A-Za-z0-9_-]/g, '_');
    flag.setAttribute('aria-labelledby', titleId);

    var icon = document.createElement('span');
    icon.className = 'host-flag-icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = GLYPHS[type];
    flag.appendChild(icon);

    var body = document.createElement('div');
    body.className = 'host-flag-body';
    var title = document.createElement('p');
    title.className = 'host-flag-title';
    title.id = titleId;
    title.textContent = options.title || '';
    body.appendChild(title);
    if (options.description) {
      var description = document.createElement('p');
      description.className = 'host-flag-description';
      description.textContent = options.description;
      body.appendChild(description);
    }
    var actions = Array.isArray(options.actions) ? options.actions : [];
    if (actions.length > 0) {
      var list = document.createElement('div');
      list.className = 'host-flag-actions';
      actions.forEach(function (action, index) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'host-flag-action';
        button.textContent = action.text;
        button.addEventListener('click', function () {
          if (frame.contentWindow) {
            frame.contentWindow.postMessage(
              { source: 'forge-host', event: 'flagAction', payload: { id: id, index: index } },
              '*',
            );
          }
        });
        list.appendChild(button);
      });
      body.appendChild(list);
    }
    flag.appendChild(body);

    // Bold flags have no dismiss button (Atlaskit's and Forge's rule): they are closed by an
    // action, by the app, or by auto-dismissal.
    if (!bold) {
      var close = document.createElement('button');
      close.type = 'button';
      close.className = 'host-flag-dismiss';
      close.setAttribute('aria-label', DISMISS_LABEL[pageLanguage()]);
      close.textContent = '\u00d7';
      close.addEventListener('click', function () {
        dismissed(frame, id);
      });
      flag.appendChild(close);
    }
    var group = flagGroup();
    group.insertBefore(flag, group.firstChild);
    if (options.isAutoDismiss) {
      var timer = 0;
      var countDown = function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          if (flag.isConnected) dismissed(frame, id);
        }, AUTO_DISMISS_MS);
      };
      var hold = function () {
        window.clearTimeout(timer);
      };
      countDown();
      // A flag the user is reading stays while the pointer or focus is on it, and counts down
      // again once they leave it (as Atlaskit's auto-dismissing flags do).
      flag.addEventListener('mouseenter', hold);
      flag.addEventListener('focusin', hold);
      flag.addEventListener('mouseleave', countDown);
      flag.addEventListener('focusout', countDown);
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.source !== 'forge-app') return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.cmd === 'showFlag' && data.payload) {
      showFlag(frame, data.payload);
      return;
    }
    if (data.cmd === 'closeFlag' && data.payload) {
      closeFlag(frame, String(data.payload.id));
      return;
    }
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
