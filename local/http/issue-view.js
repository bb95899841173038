/*
 * The host's issue view script (Jira's own UI, not the app's): runs a workflow transition, a due
 * date edit or a deletion through the Jira emulator as the page's persona, so Jira's permissions
 * and the app's validator apply and the app's triggers hear of it exactly as in Jira; shows
 * Jira's message on failure, the new state on success.
 */
(function () {
  'use strict';
  var main = document.querySelector('.host-issue[data-issue-key]');
  if (!main) return;
  var key = main.getAttribute('data-issue-key');
  var as = main.getAttribute('data-as');
  var buttons = main.querySelector('.host-transitions');
  var lozenge = main.querySelector('[data-testid="issue-status"]');
  var message = main.querySelector('[data-testid="transition-message"]');
  var base = '/__forge/jira/rest/api/3/issue/' + encodeURIComponent(key);
  // The page gives the words in its reader's language (host-words.ts), placeholders unfilled.
  var words = JSON.parse(main.getAttribute('data-words') || '{}');

  function word(name, values) {
    return String(words[name] || '').replace(/\{(\w+)\}/g, function (whole, field) {
      return values && Object.prototype.hasOwnProperty.call(values, field) ? values[field] : whole;
    });
  }

  function jira(method, path, body) {
    var init = { method: method, headers: { 'x-forge-as': as } };
    if (body !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (response) {
      return response.text().then(function (text) {
        var json = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        return { status: response.status, ok: response.ok, body: json };
      });
    });
  }

  function say(text, kind) {
    message.textContent = text;
    message.className = 'host-transition-message host-transition-' + kind;
    message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    message.hidden = false;
  }

  function errorText(body) {
    if (!body) return word('jiraRefused');
    var texts = (body.errorMessages || []).slice();
    Object.keys(body.errors || {}).forEach(function (field) {
      texts.push(body.errors[field]);
    });
    return texts.length ? texts.join(' ') : word('jiraRefused');
  }

  function renderTransitions(transitions) {
    buttons.textContent = '';
    if (transitions.length === 0) {
      var none = document.createElement('span');
      none.className = 'host-muted';
      none.textContent = word('noTransitions');
      buttons.appendChild(none);
      return;
    }
    transitions.forEach(function (transition) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'host-transition';
      button.setAttribute('data-transition-id', transition.id);
      button.title = '→ ' + transition.to.name;
      button.textContent = transition.name;
      buttons.appendChild(button);
    });
  }

  function refresh() {
    return Promise.all([jira('GET', '?fields=status'), jira('GET', '/transitions')]).then(
      function (answers) {
        var status = answers[0].body && answers[0].body.fields && answers[0].body.fields.status;
        if (status) {
          lozenge.textContent = status.name;
          lozenge.className = 'host-lozenge host-lozenge-' + status.statusCategory.key;
        }
        renderTransitions((answers[1].body && answers[1].body.transitions) || []);
        return status;
      },
    );
  }

  var dueDateForm = main.querySelector('[data-testid="issue-due-date-form"]');
  if (dueDateForm) {
    dueDateForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var value = dueDateForm.elements.duedate.value.trim();
      // Typed in the reader's order (dd/mm/yyyy or mm/dd/yyyy, as the page says), or as ISO.
      var iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
      var typed = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
      if (!iso && typed) {
        var dayFirst = dueDateForm.getAttribute('data-date-order') === 'dmy';
        var day = Number(dayFirst ? typed[1] : typed[2]);
        var month = Number(dayFirst ? typed[2] : typed[1]);
        var date = new Date(Date.UTC(Number(typed[3]), month - 1, day));
        if (date.getUTCDate() === day && date.getUTCMonth() === month - 1) {
          iso = date.toISOString().slice(0, 10);
        }
      }
      if (value !== '' && !iso) {
        say(dueDateForm.getAttribute('data-invalid'), 'error');
        return;
      }
      say(word('savingDueDate'), 'pending');
      jira('PUT', '', { fields: { duedate: value === '' ? null : iso } })
        .then(function (answer) {
          if (!answer.ok) {
            say(errorText(answer.body), 'error');
            return;
          }
          window.location.reload();
        })
        .catch(function () {
          say(word('jiraUnreachable'), 'error');
        });
    });
  }

  var deletion = main.querySelector('.host-issue-delete');
  if (deletion) {
    var confirmBox = deletion.querySelector('[data-testid="issue-delete-confirm"]');
    deletion.addEventListener('click', function (event) {
      if (event.target.closest('[data-host-delete]')) {
        confirmBox.hidden = false;
      } else if (event.target.closest('[data-host-delete-cancel]')) {
        confirmBox.hidden = true;
      } else if (event.target.closest('[data-host-delete-confirm]')) {
        say(word('deletingIssue', { key: key }), 'pending');
        jira('DELETE', '')
          .then(function (answer) {
            if (!answer.ok) {
              confirmBox.hidden = true;
              say(errorText(answer.body), 'error');
              return;
            }
            window.location.assign(deletion.getAttribute('data-after-delete'));
          })
          .catch(function () {
            say(word('jiraUnreachable'), 'error');
          });
      }
    });
  }

  buttons.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-transition-id]');
    if (!button || !as) return;
    var name = button.textContent;
    Array.prototype.forEach.call(buttons.querySelectorAll('button'), function (b) {
      b.disabled = true;
    });
    say(word('runningTransition', { name: name }), 'pending');
    jira('POST', '/transitions', { transition: { id: button.getAttribute('data-transition-id') } })
      .then(function (answer) {
        if (!answer.ok) {
          say(errorText(answer.body), 'error');
          return refresh();
        }
        return refresh().then(function (status) {
          say(word('statusChanged', { status: status ? status.name : '?' }), 'success');
        });
      })
      .catch(function () {
        say(word('jiraUnreachable'), 'error');
      })
      .finally(function () {
        Array.prototype.forEach.call(buttons.querySelectorAll('button'), function (b) {
          b.disabled = false;
        });
      });
  });
})();
