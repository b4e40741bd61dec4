// The site chat widget (issue 26, docs/channels.md), served by the Kartoteka server at /chat/widget.js
// and embedded in a company's pages with one script tag:
//   <script src="https://crm.example.ru/chat/widget.js" data-site="shop" data-lang="ru" async></script>
// It runs in a visitor's browser on someone else's page, so it is plain script without dependencies,
// keeps its markup and styles inside a shadow root, and keeps its conversation's token in the tab's
// sessionStorage (a reload keeps the chat; closing the tab ends it for the visitor).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__kartotekaChat) return;
  window.__kartotekaChat = true;
  var site = script.getAttribute('data-site');
  var siteKey = script.getAttribute('data-key') || undefined;
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'ru';
  var base = new URL(script.src).origin + '/chat/' + encodeURIComponent(site || '');
  var storeKey = 'kartoteka-chat:' + site;
  var POLL_MS = 2500;
  var T = {
    ru: {
      open: 'Чат с нами', title: 'Напишите нам', close: 'Свернуть чат', name: 'Имя', phone: 'Телефон', email: 'Email',
      message: 'Сообщение', start: 'Начать чат', send: 'Отправить', you: 'Вы', operator: 'Оператор',
      contactNeeded: 'Оставьте телефон или email, чтобы мы могли ответить.', failed: 'Не удалось отправить. Проверьте телефон или email и попробуйте ещё раз.',
      closed: 'Разговор завершён.', again: 'Начать новый', typeHere: 'Ваше сообщение',
      rate: 'Оцените разговор', score: 'Оценка {n} из 5', thanks: 'Спасибо за оценку!',
    },
    en: {
      open: 'Chat with us', title: 'Write to us', close: 'Minimise the chat', name: 'Name', phone: 'Phone', email: 'Email',
      message: 'Message', start: 'Start chat', send: 'Send', you: 'You', operator: 'Operator',
      contactNeeded: 'Leave a phone or an email so that we can answer.', failed: 'Could not send. Check the phone or email and try again.',
      closed: 'The conversation is closed.', again: 'Start a new one', typeHere: 'Your message',
      rate: 'Rate the conversation', score: 'Score {n} of 5', thanks: 'Thank you for the rating!',
    },
  }[lang];

  var state = { token: null, seen: {}, timer: null, shownAt: Date.now() };
  try {
    state.token = sessionStorage.getItem(storeKey);
  } catch (e) {
    state.token = null;
  }

  var host = document.createElement('div');
  host.setAttribute('data-kartoteka-chat', '');
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}[hidden]{display:none!important}' +
    '.fab{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:#1f5fa8;color:#fff;border:0;border-radius:24px;padding:12px 18px;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)}' +
    '.fab:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #f2a900;outline-offset:2px}' +
    '.panel{position:fixed;right:20px;bottom:20px;z-index:2147483001;width:340px;max-width:calc(100vw - 40px);height:460px;max-height:calc(100vh - 40px);background:#fff;color:#1a1a1a;border-radius:10px;box-shadow:0 4px 20px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden}' +
    '.head{display:flex;justify-content:space-between;align-items:center;background:#1f5fa8;color:#fff;padding:10px 12px}.head h2{margin:0;font-weight:600;font-size:15px}' +
    '.head button{background:transparent;color:#fff;border:0;font-size:18px;cursor:pointer}' +
    '.log{flex:1;overflow-y:auto;padding:10px;display:flex;flex-direction:column;gap:6px;margin:0;list-style:none}' +
    '.msg{max-width:85%;padding:6px 10px;border-radius:8px;white-space:pre-wrap;word-wrap:break-word}.in{align-self:flex-end;background:#dbe9f8}.out{align-self:flex-start;background:#eee}' +
    '.who{display:block;font-size:12px;color:#444}' +
    'form{display:flex;flex-direction:column;gap:6px;padding:10px;border-top:1px solid #ddd}label{display:flex;flex-direction:column;font-size:12px;color:#333}' +
    'input,textarea{border:1px solid #888;border-radius:6px;padding:6px;font-size:14px;color:#1a1a1a}textarea{resize:none;height:56px}' +
    '.rate{display:flex;gap:6px;padding:0 10px 10px;flex-wrap:wrap;align-items:center}.rate span{width:100%;font-size:13px}.rate button{flex:1;min-width:40px;padding:8px;border:1px solid #1f5fa8;background:#fff;color:#1f5fa8;border-radius:6px;cursor:pointer;font-weight:600}' +
    '.again{display:flex;flex-direction:column;padding:10px;border-top:1px solid #ddd}' +
    '.send{background:#1f5fa8;color:#fff;border:0;border-radius:6px;padding:8px;cursor:pointer}.note{font-size:12px;color:#8a1c1c;margin:0}.hp{position:absolute;left:-10000px}' +
    '</style>' +
    '<button class="fab" type="button"></button>' +
    '<section class="panel" role="dialog" aria-labelledby="kc-title" hidden>' +
    '<div class="head"><h2 id="kc-title"></h2><button type="button" class="min">×</button></div>' +
    '<ol class="log" aria-live="polite"></ol>' +
    '<div class="rate" role="group" hidden></div>' +
    '<div class="again" hidden><button class="send" type="button"></button></div>' +
    '<form class="start" novalidate>' +
    '<label>' + T.name + '<input name="name" autocomplete="name" maxlength="200"></label>' +
    '<label>' + T.phone + '<input name="phone" type="tel" autocomplete="tel" maxlength="40"></label>' +
    '<label>' + T.email + '<input name="email" type="email" autocomplete="email" maxlength="320"></label>' +
    '<label class="hp" aria-hidden="true">Website<input name="website" tabindex="-1" autocomplete="off"></label>' +
    '<label>' + T.message + '<textarea name="text" maxlength="4000" required></textarea></label>' +
    '<p class="note" role="alert"></p><button class="send" type="submit">' + T.start + '</button></form>' +
    '<form class="reply" hidden><label>' + T.typeHere + '<textarea name="text" maxlength="4000" required></textarea></label>' +
    '<p class="note" role="alert"></p><button class="send" type="submit">' + T.send + '</button></form>' +
    '</section>';
  var $ = function (sel) { return root.querySelector(sel); };
  var fab = $('.fab');
  var panel = $('.panel');
  var log = $('.log');
  var startForm = $('form.start');
  var replyForm = $('form.reply');
  fab.textContent = T.open;
  $('#kc-title').textContent = T.title;
  $('.min').setAttribute('aria-label', T.close);

  function request(method, path, body) {
    var headers = { 'content-type': 'application/json' };
    if (state.token) headers['x-chat-token'] = state.token;
    return fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw data;
        return data;
      });
    });
  }

  function uuid() {
    return crypto.randomUUID ? crypto.randomUUID() : 'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, function () { return ((Math.random() * 16) | 0).toString(16); });
  }

  function show(m) {
    if (state.seen[m.id]) return;
    state.seen[m.id] = true;
    var li = document.createElement('li');
    li.className = 'msg ' + m.direction;
    var who = document.createElement('span');
    who.className = 'who';
    who.textContent = m.direction === 'in' ? T.you : (m.authorName || T.operator);
    li.appendChild(who);
    li.appendChild(document.createTextNode(m.text));
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  var rateBox = $('.rate');
  rateBox.setAttribute('aria-label', T.rate);

  function say(text) {
    var li = document.createElement('li');
    li.className = 'msg out';
    li.textContent = text;
    log.appendChild(li);
    log.scrollTop = log.scrollHeight;
  }

  // The closed conversation's rating, when the server asks for it: five buttons, the first press counts.
  function offerRating(token) {
    rateBox.innerHTML = '<span>' + T.rate + '</span>';
    [1, 2, 3, 4, 5].forEach(function (n) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = String(n);
      b.setAttribute('aria-label', T.score.replace('{n}', String(n)));
      b.addEventListener('click', function () {
        rateBox.hidden = true;
        fetch(base + '/rate', { method: 'POST', headers: { 'content-type': 'application/json', 'x-chat-token': token }, body: JSON.stringify({ score: n }) })
          .then(function () { say(T.thanks); }, function () { say(T.thanks); });
      });
      rateBox.appendChild(b);
    });
    rateBox.hidden = false;
  }

  function showClosed(survey) {
    replyForm.hidden = true;
    say(T.closed);
    if (survey === 'asked' && state.token) offerRating(state.token);
    try { sessionStorage.removeItem(storeKey); } catch (e) { /* private mode */ }
    state.token = null;
    state.seen = {};
    startForm.querySelector('textarea').value = '';
    again.hidden = false;
  }

  // A new chat only when the visitor asks for one: the ended conversation (and its rating) stays in view.
  var again = $('.again');
  again.querySelector('button').textContent = T.again;
  again.querySelector('button').addEventListener('click', function () {
    again.hidden = true;
    rateBox.hidden = true;
    log.innerHTML = '';
    state.shownAt = Date.now();
    startForm.hidden = false;
    startForm.querySelector('input').focus();
  });

  function poll() {
    clearTimeout(state.timer);
    if (!state.token) return;
    request('GET', '/messages').then(function (data) {
      data.messages.forEach(show);
      if (data.closed) return showClosed(data.survey);
      state.timer = setTimeout(poll, POLL_MS);
    }, function () {
      state.timer = setTimeout(poll, POLL_MS * 2);
    });
  }

  function chatting() {
    startForm.hidden = true;
    replyForm.hidden = false;
    poll();
  }

  fab.addEventListener('click', function () {
    panel.hidden = false;
    fab.hidden = true;
    state.shownAt = Math.min(state.shownAt, Date.now());
    (state.token ? replyForm : startForm).querySelector(state.token ? 'textarea' : 'input').focus();
  });
  $('.min').addEventListener('click', function () {
    panel.hidden = true;
    fab.hidden = false;
    fab.focus();
  });
  panel.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') $('.min').click();
  });

  startForm.addEventListener('submit', function (e) {
    e.preventDefault();
    var f = startForm.elements;
    var note = startForm.querySelector('.note');
    if (!f.phone.value.trim() && !f.email.value.trim()) {
      note.textContent = T.contactNeeded;
      return;
    }
    note.textContent = '';
    var body = { text: f.text.value, startedAt: state.shownAt, page: location.href.slice(0, 2000) };
    if (f.name.value.trim()) body.name = f.name.value.trim();
    if (f.phone.value.trim()) body.phone = f.phone.value.trim();
    if (f.email.value.trim()) body.email = f.email.value.trim();
    if (f.website.value) body.website = f.website.value;
    if (siteKey) body.key = siteKey;
    request('POST', '/start', body).then(function (data) {
      state.token = data.token;
      try { sessionStorage.setItem(storeKey, data.token); } catch (err) { /* private mode */ }
      f.text.value = '';
      chatting();
      replyForm.querySelector('textarea').focus();
    }, function () {
      note.textContent = T.failed;
    });
  });

  function sendReply() {
    var area = replyForm.querySelector('textarea');
    var text = area.value.trim();
    if (!text) return;
    var note = replyForm.querySelector('.note');
    request('POST', '/send', { id: uuid(), text: text }).then(function () {
      area.value = '';
      note.textContent = '';
      poll();
    }, function (err) {
      if (err && err.error === 'conflict') return showClosed();
      note.textContent = T.failed;
    });
  }
  replyForm.addEventListener('submit', function (e) {
    e.preventDefault();
    sendReply();
  });
  replyForm.querySelector('textarea').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      sendReply();
    }
  });

  document.body.appendChild(host);
  if (state.token) {
    panel.hidden = false;
    fab.hidden = true;
    chatting();
  }
})();
