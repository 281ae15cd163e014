/* Claim tracker: progressive enhancement for the reader and the forms.
   Everything here is optional: links and forms work without it. No inline scripts (CSP). */
(function () {
  "use strict";

  function codePoints(s) { return Array.from(s).length; }

  // ---- Selection -> passage offsets ------------------------------------------------------
  // The article's text nodes concatenate to exactly the stored text, so the text before the
  // selection (a DOM Range from the container's start) gives the offset. Offsets count code
  // points, as Python does.
  function selectionOffsets(container) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    var before = document.createRange();
    before.setStart(container, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var selected = range.toString();
    var start = codePoints(before.toString());
    var end = start + codePoints(selected);
    var lead = codePoints(selected.match(/^\s*/)[0]);
    var trail = codePoints(selected.match(/\s*$/)[0]);
    start += lead; end -= trail;
    if (end <= start) return null;
    return { start: start, end: end };
  }

  var lastSelection = "";
  function onSelect() {
    var container = document.getElementById("article-text");
    if (!container || container.dataset.selectable !== "true" || !window.htmx) return;
    var offsets = selectionOffsets(container);
    if (!offsets) return;
    var key = offsets.start + "-" + offsets.end;
    if (key === lastSelection) return;
    lastSelection = key;
    // While a suggestion is being edited in the queue, a new selection becomes its passage.
    var editing = document.querySelector("#queue .suggestion.is-editing form");
    if (editing && editing.querySelector("input[name=start]")) {
      editing.querySelector("input[name=start]").value = offsets.start;
      editing.querySelector("input[name=end]").value = offsets.end;
      var shown = editing.querySelector("[data-moved-quote]");
      if (shown) shown.textContent = "\u201c" + window.getSelection().toString().trim() + "\u201d";
      return;
    }
    // While a recorded passage is being edited, a new selection moves that passage.
    var panel = document.getElementById("panel");
    var base = panel && panel.dataset.editUrl ? panel.dataset.editUrl : container.dataset.panelUrl;
    var url = base + "?start=" + offsets.start + "&end=" + offsets.end;
    htmx.ajax("GET", url, { target: "#panel", swap: "outerHTML" });
  }
  document.addEventListener("mouseup", function (e) {
    if (e.target.closest && e.target.closest("#article-text")) setTimeout(onSelect, 10);
  });
  document.addEventListener("keyup", function (e) {
    if (e.shiftKey && e.target.closest && e.target.closest("#article-text")) onSelect();
  });

  // ---- Recording by keyboard: [ and ] move a caret sentence by sentence, Enter records ----
  // The caret is the browser's own selection, set on one sentence of the article's text;
  // Enter hands it to onSelect() as a mouse selection would.
  var sentenceAt = -1;
  function sentences(text) {
    var found = [], re = /[^\s][^.!?\n]*(?:[.!?]+["\u201d\u2019)\]]*|$)/g, m;
    while ((m = re.exec(text)) !== null) {
      if (m[0].trim()) found.push([m.index, m.index + m[0].replace(/\s+$/, "").length]);
      if (re.lastIndex === m.index) re.lastIndex++;
    }
    return found;
  }
  function selectRange(container, start, end) {
    // start/end are UTF-16 offsets in the container's text: find the text nodes that hold them.
    var walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT), node, seen = 0;
    var range = document.createRange(), started = false;
    while ((node = walker.nextNode())) {
      var length = node.data.length;
      if (!started && start <= seen + length) { range.setStart(node, start - seen); started = true; }
      if (started && end <= seen + length) { range.setEnd(node, end - seen); break; }
      seen += length;
    }
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var box = range.getBoundingClientRect();
    if (box.top < 80 || box.bottom > window.innerHeight - 40) {
      window.scrollBy({ top: box.top - window.innerHeight / 3 });
    }
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    var container = document.getElementById("article-text");
    if (!container || container.dataset.selectable !== "true") return;
    if (e.key === "]" || e.key === "[") {
      var list = sentences(container.textContent);
      if (!list.length) return;
      e.preventDefault();
      sentenceAt = e.key === "]" ? Math.min(sentenceAt + 1, list.length - 1) : Math.max(sentenceAt - 1, 0);
      selectRange(container, list[sentenceAt][0], list[sentenceAt][1]);
    } else if (e.key === "Enter" && sentenceAt >= 0 && !(e.target.closest && e.target.closest("a, button"))) {
      e.preventDefault();
      onSelect();
    }
  });

  // ---- Tooltips on highlights (hover and keyboard focus) -------------------------------
  function tip() { return document.getElementById("mark-tip"); }
  function showTip(mark) {
    var t = tip();
    if (!t) return;
    var labels = [];
    for (var m = mark; m && m.id !== "article-text"; m = m.parentElement) {
      if (m.tagName === "MARK" && m.dataset.label) labels.push(m.dataset.label);
    }
    t.textContent = "";
    labels.forEach(function (label) {
      var p = document.createElement("p");
      p.textContent = label;
      t.appendChild(p);
    });
    t.hidden = false;
    var r = mark.getBoundingClientRect();
    var top = window.scrollY + r.bottom + 6;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - t.offsetWidth - 8));
    t.style.top = top + "px";
    t.style.left = left + "px";
  }
  function hideTip() { var t = tip(); if (t) t.hidden = true; }
  document.addEventListener("mouseover", function (e) {
    var mark = e.target.closest && e.target.closest("mark[data-label]");
    if (mark) showTip(mark); else if (!(e.target.closest && e.target.closest("#mark-tip"))) hideTip();
  });
  document.addEventListener("focusin", function (e) {
    var mark = e.target.closest && e.target.closest("mark[data-label]");
    if (mark) showTip(mark); else hideTip();
  });

  // ---- Choosing an actor or claim from the typed list, or creating one -----------------
  function pickState(pick, id, name) {
    var noun = pick.dataset.pick;
    var state = pick.querySelector(".pick-state");
    if (!state) return;
    state.textContent = id ? "Existing " + noun + " chosen." : (name ? "A new " + noun + " “" + name + "” will be created." : "");
  }
  function closeOptions(pick) {
    var options = pick.querySelector(".options");
    if (options) options.textContent = "";
    var input = pick.querySelector("input[type=text]");
    if (input) input.setAttribute("aria-expanded", "false");
  }
  document.addEventListener("click", function (e) {
    var option = e.target.closest && e.target.closest(".option");
    if (option) {
      var pick = option.closest(".pick");
      pick.querySelector("input[type=hidden]").value = option.dataset.id;
      var input = pick.querySelector("input[type=text]");
      input.value = option.dataset.name;
      pickState(pick, option.dataset.id, option.dataset.name);
      closeOptions(pick);
      return;
    }
    document.querySelectorAll(".pick").forEach(function (pick) {
      if (!pick.contains(e.target)) closeOptions(pick);
    });
  });
  document.addEventListener("input", function (e) {
    var pick = e.target.closest && e.target.closest(".pick");
    if (pick && e.target.type === "text") {
      // Typing again forgets the earlier choice; the server matches the name or creates it.
      pick.querySelector("input[type=hidden]").value = "";
      pickState(pick, "", e.target.value.trim());
    }
  });
  document.addEventListener("keydown", function (e) {
    var pick = e.target.closest && e.target.closest(".pick");
    if (!pick) return;
    var options = Array.prototype.slice.call(pick.querySelectorAll(".option"));
    var i = options.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && options.length) { e.preventDefault(); options[Math.min(i + 1, options.length - 1)].focus(); }
    else if (e.key === "ArrowUp" && i >= 0) { e.preventDefault(); (i === 0 ? pick.querySelector("input[type=text]") : options[i - 1]).focus(); }
    else if (e.key === "Escape") { closeOptions(pick); pick.querySelector("input[type=text]").focus(); }
    else if (e.key === "Enter" && e.target.type === "text" && options.length) {
      // Enter in the box picks the first option listed rather than sending the form half-filled.
      e.preventDefault();
      options[0].click();
    }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail.target;
    if (target && target.classList && target.classList.contains("options")) {
      var input = target.closest(".pick").querySelector("input[type=text]");
      input.setAttribute("aria-expanded", target.children.length ? "true" : "false");
    }
  });

  // ---- Suggestion queue: j/k move, a accept, r reject, e edit ---------------------------
  var current = -1;
  function items() { return Array.prototype.slice.call(document.querySelectorAll("#suggestion-list > li")); }
  function setCurrent(index, focus) {
    var list = items();
    document.querySelectorAll(".is-current").forEach(function (el) { el.classList.remove("is-current"); });
    if (!list.length) { current = -1; return; }
    current = Math.max(0, Math.min(index, list.length - 1));
    var item = list[current];
    item.classList.add("is-current");
    var mark = document.getElementById(item.dataset.suggestionKey);
    if (mark) {
      document.querySelectorAll('mark[data-key="' + item.dataset.suggestionKey + '"]').forEach(function (m) { m.classList.add("is-current"); });
      mark.scrollIntoView({ block: "center", behavior: "smooth" });
    }
    if (focus !== false) item.focus({ preventScroll: true });
  }
  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable=true]");
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !document.getElementById("suggestion-list")) return;
    var key = e.key.toLowerCase();
    if (key === "j") { e.preventDefault(); setCurrent(current + 1); }
    else if (key === "k") { e.preventDefault(); setCurrent(current < 0 ? 0 : current - 1); }
    else if (key === "a" || key === "r" || key === "e") {
      if (current < 0) { setCurrent(0); return; }
      var action = { a: "accept", r: "reject", e: "edit" }[key];
      var control = items()[current] && items()[current].querySelector('[data-key-action="' + action + '"]');
      if (control) { e.preventDefault(); control.click(); }
    }
  });

  // ---- Review page: j/k move, x tick, Shift+A accept and Shift+R reject the ticked -------
  var reviewCurrent = -1;
  function reviewItems() { return Array.prototype.slice.call(document.querySelectorAll("#review-list > li.suggestion")); }
  function reviewSet(index) {
    var list = reviewItems();
    if (!list.length) return;
    document.querySelectorAll("#review-list .is-current").forEach(function (el) { el.classList.remove("is-current"); });
    reviewCurrent = Math.max(0, Math.min(index, list.length - 1));
    list[reviewCurrent].classList.add("is-current");
    list[reviewCurrent].focus();
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || !document.getElementById("review-list")) return;
    var form = document.getElementById("bulk-review");
    if (e.key === "j") { e.preventDefault(); reviewSet(reviewCurrent + 1); }
    else if (e.key === "k") { e.preventDefault(); reviewSet(reviewCurrent < 0 ? 0 : reviewCurrent - 1); }
    else if (e.key === "x" && reviewCurrent >= 0) {
      var box = reviewItems()[reviewCurrent].querySelector("input[type=checkbox]");
      if (box) { e.preventDefault(); box.checked = !box.checked; }
    } else if ((e.key === "A" || e.key === "R") && form) {
      var button = form.querySelector('[data-key-action="bulk-' + (e.key === "A" ? "accept" : "reject") + '"]');
      if (button) { e.preventDefault(); button.click(); }
    }
  });

  // ---- After htmx swaps: keep the queue position, show what was just saved -------------
  document.addEventListener("htmx:afterSettle", function (e) {
    var target = e.detail.target;
    if (!target) return;
    if (target.id === "workspace" || target.id === "queue") {
      lastSelection = "";
      if (current >= 0) setCurrent(current, target.id === "workspace");
      var editing = document.querySelector(".suggestion.is-editing input[type=text]");
      if (editing) editing.focus();
      var ws = document.getElementById("workspace");
      var saved = ws && ws.dataset.savedKey && document.getElementById(ws.dataset.savedKey);
      if (saved) {
        saved.classList.add("just-saved");
        saved.scrollIntoView({ block: "center" });
      }
    }
    if (target.id === "panel") {
      // The panel swapped in (outerHTML: the event may name the element it replaced).
      var panel = document.getElementById("panel");
      // On narrow screens the panel sits below the article: bring it into view.
      if (window.innerWidth <= 1000) panel.scrollIntoView({ block: "start", behavior: "smooth" });
      var first = panel.querySelector("input[type=text]");
      if (first && !first.value) first.focus({ preventScroll: true });
    }
  });

  // Refused or failed requests are not swapped in; say why instead of doing nothing.
  document.addEventListener("htmx:responseError", function (e) {
    var toast = document.getElementById("toast");
    if (!toast) return;
    var status = e.detail.xhr.status;
    toast.textContent = status === 403 ? "Your role does not allow this change; nothing was saved."
      : "The server could not do that (error " + status + "); nothing was saved. Reload the page and try again.";
    toast.hidden = false;
    setTimeout(function () { toast.hidden = true; }, 6000);
  });
  document.addEventListener("htmx:sendError", function () {
    var toast = document.getElementById("toast");
    if (toast) { toast.textContent = "The server cannot be reached; nothing was saved."; toast.hidden = false; }
  });
})();
